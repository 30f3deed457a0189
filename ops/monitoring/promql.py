"""A small PromQL evaluator for exactly the forms grafana-dashboard.json uses, over scraped samples.

Supported: a selector with optional {label="v"} / {label!="v"} matchers, a range selector X[w], rate() and
increase() (Prometheus' extrapolation, counter resets included), sum by (...) (...) and sum (...),
histogram_quantile(q, ...), and a trailing "* N" or "/ N". Anything else is a ParseError, so a new panel with an
unsupported form fails loudly instead of drawing something wrong.

A sample store maps a series key (metric name plus a frozenset of label pairs) to a time-ordered list of
(seconds, value). Each scrape is one evaluation step; a series absent from a scrape is stale there, as in
Prometheus.
"""
import math
import re

# ---- samples ------------------------------------------------------------------------------------------------

_SERIES = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$')
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?')


def parse_series(text):
    """'name{a="x",b="y"}' -> (name, frozenset({('a','x'),('b','y')}))."""
    m = _SERIES.match(text.strip())
    if not m:
        raise ValueError("not a series: %r" % text)
    name, body = m.group(1), m.group(2) or ""
    labels, pos = [], 0
    while pos < len(body):
        lm = _LABEL.match(body, pos)
        if not lm:
            raise ValueError("bad labels in %r" % text)
        labels.append((lm.group(1), _unescape(lm.group(2))))
        pos = lm.end()
    return name, frozenset(labels)


def _unescape(value):
    return re.sub(r'\\(.)', lambda m: {'n': '\n'}.get(m.group(1), m.group(1)), value)


class Samples:
    """Scraped series: load() reads lines "<unix seconds> <series> <value>" (the series may hold spaces)."""

    def __init__(self):
        self.series = {}        # (name, labels) -> [(t, v), ...] in time order
        self.times = []         # the scrape times, in order

    def add(self, t, series, value):
        key = parse_series(series) if isinstance(series, str) else series
        points = self.series.setdefault(key, [])
        if points and t < points[-1][0]:
            raise ValueError("samples out of order for %s" % (key,))
        points.append((t, value))
        if not self.times or t > self.times[-1]:
            self.times.append(t)
        elif t not in self.times:
            raise ValueError("scrape times out of order at %s" % t)

    @classmethod
    def load(cls, path):
        samples = cls()
        with open(path) as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                first, _, rest = line.partition(' ')
                series, _, value = rest.rpartition(' ')
                try:
                    samples.add(float(first), series, float(value))
                except ValueError as e:
                    raise ValueError("%s:%d: %s" % (path, number, e)) from None
        return samples


# ---- parsing ------------------------------------------------------------------------------------------------

class ParseError(ValueError):
    pass


_TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d*)?(?:e[+-]?\d+)?)|(?P<dur>\[\s*\d+[smhd]\s*\])'
                    r'|(?P<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)|(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>!=|[(){},=*/]))')
_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400}


def _tokens(expr):
    pos, out = 0, []
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ParseError("cannot read %r at %d" % (expr[pos:], pos))
        kind = m.lastgroup
        text = m.group(kind)
        if kind == 'dur':
            text = text.strip('[] ')
            text = float(text[:-1]) * _UNITS[text[-1]]
        out.append((kind, text))
        pos = m.end()
    return out


class Selector:
    def __init__(self, name, matchers, window=None):
        self.name, self.matchers, self.window = name, matchers, window

    def matches(self, key):
        name, labels = key
        if name != self.name:
            return False
        have = dict(labels)
        for label, op, value in self.matchers:
            if (have.get(label, "") == value) != (op == '='):
                return False
        return True


class Call:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args


class Sum:
    def __init__(self, by, inner):
        self.by, self.inner = by, inner


class Scale:
    def __init__(self, inner, op, number):
        self.inner, self.op, self.number = inner, op, number


class _Parser:
    def __init__(self, expr):
        self.expr, self.toks, self.i = expr, _tokens(expr), 0

    def peek(self, offset=0):
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self, kind=None, text=None):
        tok = self.peek()
        if (kind and tok[0] != kind) or (text is not None and tok[1] != text):
            raise ParseError("in %r: expected %s, found %r" % (self.expr, text or kind, tok[1]))
        self.i += 1
        return tok[1]

    def parse(self):
        node = self.term()
        while self.peek()[1] in ('*', '/'):
            op = self.take('op')
            node = Scale(node, op, float(self.take('num')))
        if self.peek()[0] is not None:
            raise ParseError("in %r: unexpected %r" % (self.expr, self.peek()[1]))
        return node

    def term(self):
        kind, text = self.peek()
        if kind != 'ident':
            raise ParseError("in %r: expected a metric or function, found %r" % (self.expr, text))
        if text == 'sum':
            self.take()
            by = None
            if self.peek()[1] == 'by':
                self.take()
                by = self.labels()
            self.take('op', '(')
            inner = self.term()
            self.take('op', ')')
            if by is None and self.peek()[1] == 'by':   # the trailing form: sum (...) by (...)
                self.take()
                by = self.labels()
            return Sum(tuple(by or ()), inner)
        if text in ('rate', 'increase'):
            self.take()
            self.take('op', '(')
            sel = self.selector()
            self.take('op', ')')
            if sel.window is None:
                raise ParseError("in %r: %s() needs a range selector" % (self.expr, text))
            return Call(text, [sel])
        if text == 'histogram_quantile':
            self.take()
            self.take('op', '(')
            q = float(self.take('num'))
            self.take('op', ',')
            inner = self.term()
            self.take('op', ')')
            return Call(text, [q, inner])
        if self.peek(1)[1] == '(':
            raise ParseError("in %r: unsupported function %s" % (self.expr, text))
        sel = self.selector()
        if sel.window is not None:
            raise ParseError("in %r: a range selector outside rate()/increase()" % self.expr)
        return sel

    def labels(self):
        self.take('op', '(')
        names = []
        while self.peek()[1] != ')':
            names.append(self.take('ident'))
            if self.peek()[1] == ',':
                self.take()
        self.take('op', ')')
        return names

    def selector(self):
        name = self.take('ident')
        matchers = []
        if self.peek()[1] == '{':
            self.take()
            while self.peek()[1] != '}':
                label = self.take('ident')
                op = self.take('op')
                if op not in ('=', '!='):
                    raise ParseError("in %r: unsupported matcher %r" % (self.expr, op))
                matchers.append((label, op, _unescape(self.take('str')[1:-1])))
                if self.peek()[1] == ',':
                    self.take()
            self.take('op', '}')
        window = self.take('dur') if self.peek()[0] == 'dur' else None
        return Selector(name, matchers, window)


def parse(expr):
    return _Parser(expr).parse()


# ---- evaluation ---------------------------------------------------------------------------------------------
# An instant vector is a dict: labels (frozenset, no metric name after a function or sum) -> value.

def extrapolated_delta(points, range_start, range_end, is_rate):
    """Prometheus' extrapolatedRate for counters: points are (t, v) inside (range_start, range_end]."""
    if len(points) < 2:
        return None
    first_t, first_v = points[0]
    last_t, last_v = points[-1]
    delta = last_v - first_v
    for (_, prev), (_, cur) in zip(points, points[1:]):
        if cur < prev:          # a counter reset: the counter started again from zero
            delta += prev
    sampled = last_t - first_t
    average_gap = sampled / (len(points) - 1)
    threshold = average_gap * 1.1
    to_start = first_t - range_start
    to_end = range_end - last_t
    if to_start >= threshold:
        to_start = average_gap / 2
    if delta > 0 and first_v >= 0:
        # a counter does not go below zero: do not extrapolate past the point where it would have been zero
        to_start = min(to_start, sampled * (first_v / delta))
    if to_end >= threshold:
        to_end = average_gap / 2
    factor = (sampled + to_start + to_end) / sampled
    if is_rate:
        factor /= (range_end - range_start)
    return delta * factor


def histogram_quantile(q, buckets):
    """Prometheus' bucketQuantile: buckets is [(upper bound, cumulative count)], +Inf included."""
    if q < 0:
        return -math.inf
    if q > 1:
        return math.inf
    merged = {}
    for le, count in buckets:
        merged[le] = merged.get(le, 0.0) + count
    bounds = sorted(merged.items())
    if len(bounds) < 2 or not math.isinf(bounds[-1][0]):
        return math.nan
    counts, highest = [], 0.0
    for _, c in bounds:     # rates of cumulative buckets can dip through float error; keep them monotonic
        highest = max(highest, c)
        counts.append(highest)
    total = counts[-1]
    if total == 0 or math.isnan(total):
        return math.nan
    rank = q * total
    b = next(i for i, c in enumerate(counts) if c >= rank)
    if b == len(bounds) - 1:
        return bounds[-2][0]
    if b == 0 and bounds[0][0] <= 0:
        return bounds[0][0]
    start, below = (0.0, 0.0) if b == 0 else (bounds[b - 1][0], counts[b - 1])
    end, in_bucket = bounds[b][0], counts[b] - below
    return start + (end - start) * ((rank - below) / in_bucket)


class Evaluator:
    def __init__(self, samples):
        self.samples = samples

    def matching(self, selector):
        return [(key, pts) for key, pts in self.samples.series.items() if selector.matches(key)]

    def at(self, node, t):
        """The instant vector of node at scrape time t."""
        if isinstance(node, Selector):
            out = {}
            for (name, labels), pts in self.matching(node):
                for pt_t, v in reversed(pts):
                    if pt_t <= t:
                        if pt_t == t:   # absent from this scrape: stale
                            out[labels | {('__name__', name)}] = v
                        break
            return out
        if isinstance(node, Call) and node.fn in ('rate', 'increase'):
            sel = node.args[0]
            out = {}
            for (_, labels), pts in self.matching(sel):
                inside = [p for p in pts if t - sel.window < p[0] <= t]
                value = extrapolated_delta(inside, t - sel.window, t, node.fn == 'rate')
                if value is not None:
                    out[labels] = value
            return out
        if isinstance(node, Call) and node.fn == 'histogram_quantile':
            q, inner = node.args
            groups = {}
            for labels, v in self.at(inner, t).items():
                le = dict(labels).get('le')
                if le is None:
                    continue
                rest = frozenset(p for p in labels if p[0] != 'le')
                groups.setdefault(rest, []).append((float(le), v))
            return {labels: histogram_quantile(q, b) for labels, b in groups.items()}
        if isinstance(node, Sum):
            out = {}
            for labels, v in self.at(node.inner, t).items():
                kept = frozenset(p for p in labels if p[0] in node.by)
                out[kept] = out.get(kept, 0.0) + v
            return out
        if isinstance(node, Scale):
            inner = self.at(node.inner, t)
            f = (lambda v: v * node.number) if node.op == '*' else (lambda v: v / node.number)
            return {_drop_name(labels): f(v) for labels, v in inner.items()}
        raise TypeError(node)

    def range(self, expr):
        """{labels: [(t, value), ...]} at every scrape time; the metric name stays only for a bare selector."""
        node = parse(expr)
        series = {}
        for t in self.samples.times:
            for labels, v in self.at(node, t).items():
                series.setdefault(labels, []).append((t, v))
        return series


def _drop_name(labels):
    return frozenset(p for p in labels if p[0] != '__name__')


def windows(expr):
    """The range windows (seconds) an expression uses, for captions."""
    return [tok for kind, tok in _tokens(expr) if kind == 'dur']


def legend(fmt, labels):
    """Grafana's legendFormat: {{label}} replaced by the label's value."""
    have = dict(labels)
    if not fmt:
        name = have.pop('__name__', '')
        return name + ('{%s}' % ', '.join('%s="%s"' % kv for kv in sorted(have.items())) if have else '')
    return re.sub(r'\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}', lambda m: have.get(m.group(1), ''), fmt)
