package dev.observableorders.logging;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code logging_lines_dropped_total} and {@code logging_lines_truncated_total}: what
 * {@link BatchingConsoleAppender} gave up on so that logging never stalls the service.
 * Logback creates the appender before Spring starts, so the counts are kept there.
 */
@Component
class LoggingMetrics implements MeterBinder {

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("logging.lines.dropped", BatchingConsoleAppender.DROPPED, AtomicLong::get)
			.description("Log lines dropped because stdout did not take them within the appender's maxWait")
			.register(registry);
		FunctionCounter.builder("logging.lines.truncated", BatchingConsoleAppender.TRUNCATED, AtomicLong::get)
			.description("Log lines cut to the appender's maxLineBytes")
			.register(registry);
	}

}
