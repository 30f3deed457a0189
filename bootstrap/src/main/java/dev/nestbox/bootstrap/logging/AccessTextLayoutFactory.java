package dev.nestbox.bootstrap.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;

import java.util.TimeZone;

/**
 * {@code layout: {type: access-text}}: the request log's usual line (Apache's combined format and the duration)
 * followed by the request id the server answered with, the text twin of {@code access-json} (see
 * {@link TextLayoutFactory} for why it exists).
 */
@JsonTypeName("access-text")
@JsonIgnoreProperties(ignoreUnknown = true)
public final class AccessTextLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {
    @Override
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        LogbackAccessRequestLayout layout = new LogbackAccessRequestLayout(context, timeZone);
        layout.setPattern(layout.getPattern() + " rid=%responseHeader{X-Request-Id}");
        return layout;
    }
}
