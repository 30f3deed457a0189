"""Unit tests of the dashboard renderer's PromQL evaluator (promql.py) and page, on hand-made samples.

    python3 -m unittest discover -s ops/monitoring -p 'test_*.py'
"""
import importlib.machinery
import importlib.util
import json
import math
import os
import tempfile
import unittest

import promql

HERE = os.path.dirname(os.path.abspath(__file__))


def load_render():
    loader = importlib.machinery.SourceFileLoader('render', os.path.join(HERE, 'render'))
    spec = importlib.util.spec_from_loader('render', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def samples(*rows):
    """rows: (t, series, value)"""
    s = promql.Samples()
    for t, series, value in rows:
        s.add(t, series, value)
    return s


def counter(name, values, step=5.0, start=0.0):
    return [(start + i * step, name, v) for i, v in enumerate(values)]


def at(evaluator, expr, t):
    return evaluator.at(promql.parse(expr), t)


class RateAndIncrease(unittest.TestCase):
    def test_rate_of_a_steady_counter_is_its_slope(self):
        # +10 every 5 s; the 30 s window holds 6 samples over 25 s and is extrapolated by the missing 5 s
        ev = promql.Evaluator(samples(*counter('c_total', [10 * i for i in range(20)])))
        self.assertAlmostEqual(at(ev, 'rate(c_total[30s])', 95.0)[frozenset()], 2.0)
        self.assertAlmostEqual(at(ev, 'increase(c_total[30s])', 95.0)[frozenset()], 60.0)

    def test_a_window_longer_than_the_data_uses_what_is_there(self):
        # a counter from 0: no extrapolation before its start, so increase is what the samples show
        ev = promql.Evaluator(samples(*counter('c_total', [0, 10, 20, 30, 40, 50])))
        self.assertAlmostEqual(at(ev, 'increase(c_total[15m])', 25.0)[frozenset()], 50.0)
        # rate still divides by the whole window, as Prometheus does
        self.assertAlmostEqual(at(ev, 'rate(c_total[1h])', 25.0)[frozenset()], 50.0 / 3600)

    def test_a_counter_that_did_not_start_at_zero_is_extrapolated_by_half_a_gap_at_most(self):
        ev = promql.Evaluator(samples(*counter('c_total', [100, 110, 120])))
        # 20 seen over 10 s; the window starts long before: +2.5 s before, 0 after -> 20 * 12.5 / 10
        self.assertAlmostEqual(at(ev, 'increase(c_total[10m])', 10.0)[frozenset()], 25.0)

    def test_counter_resets_are_added_back(self):
        ev = promql.Evaluator(samples(*counter('c_total', [10, 20, 5, 15])))
        # 10 -> 20, reset, 0 -> 5 -> 15: 25 over 15 s; the window starts 5 s before the first sample (within
        # 1.1 gaps, and sooner than the 6 s it would take the counter to reach zero), so 25 * 20 / 15
        self.assertAlmostEqual(at(ev, 'increase(c_total[20s])', 15.0)[frozenset()], 25.0 * 20 / 15)

    def test_one_sample_in_the_window_gives_no_value(self):
        ev = promql.Evaluator(samples(*counter('c_total', [1, 2, 3])))
        self.assertEqual(at(ev, 'rate(c_total[5s])', 10.0), {})

    def test_sum_by_and_scalar_multiplication(self):
        rows = counter('l_total{outcome="ok"}', [0, 1, 2, 3, 4]) + counter('l_total{outcome="bad"}', [0, 0, 5, 5, 10])
        rows += counter('l_total{outcome="ok",host="b"}', [0, 1, 2, 3, 4])
        rows.sort(key=lambda r: r[0])
        ev = promql.Evaluator(samples(*rows))
        got = at(ev, 'sum by (outcome) (rate(l_total[20s])) * 60', 20.0)
        # ok: 2 series of 4 in 20 s (extrapolation stops at zero); bad: 10 in 20 s
        self.assertAlmostEqual(got[frozenset({('outcome', 'ok')})], 2 * 4 / 20 * 60)
        self.assertAlmostEqual(got[frozenset({('outcome', 'bad')})], 10 / 20 * 60)
        self.assertEqual(len(got), 2)


class HistogramQuantile(unittest.TestCase):
    BUCKETS = [(1.0, 2.0), (2.0, 6.0), (5.0, 9.0), (math.inf, 10.0)]

    def test_interpolates_inside_the_bucket(self):
        self.assertAlmostEqual(promql.histogram_quantile(0.5, self.BUCKETS), 1.75)   # rank 5: 1 + (5-2)/4
        self.assertAlmostEqual(promql.histogram_quantile(0.1, self.BUCKETS), 0.5)    # rank 1 in [0, 1]
        self.assertAlmostEqual(promql.histogram_quantile(0.8, self.BUCKETS), 4.0)    # rank 8: 2 + 3 * 2/3

    def test_the_inf_bucket_answers_the_highest_finite_bound(self):
        self.assertEqual(promql.histogram_quantile(0.95, self.BUCKETS), 5.0)

    def test_no_observations_is_nan(self):
        self.assertTrue(math.isnan(promql.histogram_quantile(0.5, [(1.0, 0.0), (math.inf, 0.0)])))
        self.assertTrue(math.isnan(promql.histogram_quantile(0.5, [(1.0, 3.0)])))   # no +Inf bucket

    def test_over_rates_of_buckets_summed_by_le(self):
        rows = []
        # two steps; over 60 s step a sees 4 observations <= 10 s, step b sees 4 in (10, 30]
        for i, t in enumerate(range(0, 65, 5)):
            a = 4.0 * i / 12
            b = 4.0 * i / 12
            rows += [(t, 'h_bucket{step="a",le="10"}', a), (t, 'h_bucket{step="a",le="30"}', a),
                     (t, 'h_bucket{step="a",le="+Inf"}', a),
                     (t, 'h_bucket{step="b",le="10"}', 0.0), (t, 'h_bucket{step="b",le="30"}', b),
                     (t, 'h_bucket{step="b",le="+Inf"}', b)]
        ev = promql.Evaluator(samples(*rows))
        overall = at(ev, 'histogram_quantile(0.5, sum by (le) (rate(h_bucket[1h])))', 60.0)
        self.assertAlmostEqual(overall[frozenset()], 10.0)          # rank 4 of 8: the top of the first bucket
        per_step = at(ev, 'histogram_quantile(0.75, sum by (le, step) (rate(h_bucket[1h])))', 60.0)
        self.assertAlmostEqual(per_step[frozenset({('step', 'a')})], 7.5)    # 0.75 of [0, 10]
        self.assertAlmostEqual(per_step[frozenset({('step', 'b')})], 25.0)   # 10 + 0.75 * 20


class SelectorsAndParsing(unittest.TestCase):
    def test_a_series_missing_from_a_scrape_is_stale(self):
        ev = promql.Evaluator(samples((0, 'g{state="a"}', 1), (0, 'g{state="b"}', 2), (5, 'g{state="a"}', 3)))
        self.assertEqual(at(ev, 'sum by (state) (g)', 5), {frozenset({('state', 'a')}): 3})
        self.assertEqual(at(ev, 'g{state!="a"}', 0), {frozenset({('state', 'b'), ('__name__', 'g')}): 2})

    def test_range_evaluates_at_every_scrape(self):
        ev = promql.Evaluator(samples((0, 'q', 1), (5, 'q', 4), (10, 'q', 2)))
        self.assertEqual(ev.range('q'), {frozenset({('__name__', 'q')}): [(0, 1), (5, 4), (10, 2)]})

    def test_unsupported_forms_are_refused(self):
        for expr in ('avg(x)', 'rate(x)', 'x[5m]', 'x + y', 'x{a=~"b"}', 'sum by (a) (x) * y'):
            with self.assertRaises(promql.ParseError, msg=expr):
                promql.parse(expr)

    def test_every_expression_of_the_dashboard_is_understood(self):
        with open(os.path.join(HERE, 'grafana-dashboard.json')) as f:
            dashboard = json.load(f)
        exprs = [t['expr'] for p in dashboard['panels'] for t in p['targets']]
        self.assertGreater(len(exprs), 10)
        for expr in exprs:
            promql.parse(expr)

    def test_samples_file_with_spaces_in_label_values(self):
        with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
            f.write('1.5 r_total{route="/a b",status="200"} 3.0\n2.5 r_total{route="/a b",status="200"} 4\n')
        try:
            s = promql.Samples.load(f.name)
        finally:
            os.unlink(f.name)
        key = ('r_total', frozenset({('route', '/a b'), ('status', '200')}))
        self.assertEqual(s.series[key], [(1.5, 3.0), (2.5, 4.0)])
        self.assertEqual(s.times, [1.5, 2.5])

    def test_legend_format(self):
        labels = frozenset({('method', 'GET'), ('route', '/host'), ('status', '200')})
        self.assertEqual(promql.legend('{{method}} {{route}} {{ status }}', labels), 'GET /host 200')
        self.assertEqual(promql.legend('', frozenset({('__name__', 'q')})), 'q')


class Page(unittest.TestCase):
    def test_every_panel_is_drawn_with_its_series(self):
        render = load_render()
        with open(os.path.join(HERE, 'grafana-dashboard.json')) as f:
            dashboard = json.load(f)
        rows = []
        for i, t in enumerate(range(0, 600, 5)):
            rows += [(t, 'nestbox_hostings{state="running"}', float(i // 40)),
                     (t, 'nestbox_logins_total{outcome="ok"}', float(i // 10)),
                     (t, 'nestbox_provisioning_queue_depth', 0.0)]
        text, height = render.page(dashboard, samples(*rows), [(300.0, 'a step')])
        self.assertEqual(text.count('class="panel"'), len(dashboard['panels']))
        self.assertIn('>running<', text)
        self.assertIn('No data', text)               # e.g. the reconcile panel: nothing scraped
        self.assertIn('[1h] window: only the run', text)
        self.assertGreater(height, 56 * render.ROW_HEIGHT - 10)


if __name__ == '__main__':
    unittest.main()
