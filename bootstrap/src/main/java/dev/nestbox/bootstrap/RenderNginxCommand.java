package dev.nestbox.bootstrap;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/** {@code java -jar nestbox.jar render-nginx config.yml}: writes the nginx main configuration that config.yml implies. */
final class RenderNginxCommand extends ConfiguredCommand<NestboxConfiguration> {
    RenderNginxCommand() {
        super("render-nginx", "Write nginx's main configuration (origins, SSH ports) for this configuration");
    }

    @Override
    protected void run(Bootstrap<NestboxConfiguration> bootstrap, Namespace namespace, NestboxConfiguration config) {
        System.out.println(Nestbox.writeNginxMainConfig(config));
    }
}
