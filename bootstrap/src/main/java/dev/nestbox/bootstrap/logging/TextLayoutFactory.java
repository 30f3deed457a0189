package dev.nestbox.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;

import java.util.TimeZone;

/**
 * {@code layout: {type: text}}: Dropwizard's own line format with the request id after the time, so that
 * {@code layout.type} alone can switch an appender between text and {@code json} from the environment
 * ({@code ${NESTBOX_LOG_FORMAT:-text}}), which Dropwizard, offering no layout type for its default, cannot.
 * Options meant for the JSON layout are accepted and mean nothing here: one appender block serves both formats.
 */
@JsonTypeName("text")
@JsonIgnoreProperties(ignoreUnknown = true)
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {
    /** {@code -} where a line belongs to no request (start-up, the worker, the reconciler). */
    static String pattern(TimeZone zone) {
        return "%-5p [%d{ISO8601," + zone.getID() + "}] [%X{request_id:--}] %c: %m%n%rEx";
    }

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        DropwizardLayout layout = new DropwizardLayout(context, timeZone);
        layout.setPattern(pattern(timeZone));
        return layout;
    }
}
