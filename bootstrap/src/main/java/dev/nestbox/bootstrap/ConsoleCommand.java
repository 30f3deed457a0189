package dev.nestbox.bootstrap;

import com.codahale.metrics.MetricRegistry;
import dev.nestbox.console.AdminConsole;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code java -jar nestbox.jar console config.yml}: the administrators' desktop console, built from the same
 * composition root as the server. It provisions nothing and reconciles nothing: the running server does that. Its
 * force deletes lock the site through the shared database as the server's steps do, so a deletion waits for a step
 * of the server in progress instead of racing it; its pool (the same database section) sizes those locks alike.
 */
final class ConsoleCommand extends ConfiguredCommand<NestboxConfiguration> {
    ConsoleCommand() {
        super("console", "Open the JavaFX admin console (needs a desktop or Xvfb)");
    }

    @Override
    protected void run(Bootstrap<NestboxConfiguration> bootstrap, Namespace namespace, NestboxConfiguration config)
            throws Exception {
        ManagedDataSource dataSource = config.database.build(new MetricRegistry(), "console");
        dataSource.start();
        try (Nestbox nestbox = Nestbox.assemble(config, Jdbi.create(dataSource))) {
            AdminConsole.launch(new AdminConsole(nestbox.listHostings(), nestbox.inspectHosting(),
                    nestbox.forceDeleteHosting(), nestbox.orphanMachines(), nestbox.machineSurvey()));
        } finally {
            dataSource.stop();
        }
    }
}
