package dev.observableorders.tracing;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spans go through Boot's batch processor only when there is somewhere to export them.
 *
 * <p>
 * Boot builds its {@code BatchSpanProcessor} whether or not a span exporter is configured
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint} unset is our default):
 * every span ended is then queued, copied into span data on the processor's thread and
 * handed to an exporter list that is empty, about 5 µs of CPU per order for nothing
 * ({@code docs/benchmark-analysis.md}, Finding 13). Spans are still created and current
 * without it, so trace ids still reach the logs, Restate's trace context is still
 * continued, and the order pages still link a trace. With an exporter, Boot's processors
 * are used unchanged.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SdkTracerProvider.class)
class SpanExportConfiguration {

	/** The name of the batch processor Boot defines (relied on; see the test). */
	static final String BOOT_BATCH_PROCESSOR = "otelSpanProcessor";

	/**
	 * Replaces Boot's {@code SpanProcessors} (it backs off): every span processor bean,
	 * less Boot's batch processor while {@code SpanExporters} is empty.
	 */
	@Bean
	SpanProcessors spanProcessors(ObjectProvider<SpanProcessor> processors, ObjectProvider<SpanExporters> exporters,
			BeanFactory beans) {
		boolean exporting = exporters.stream().anyMatch((configured) -> !configured.list().isEmpty());
		Object unused = (!exporting && beans.containsBean(BOOT_BATCH_PROCESSOR)) ? beans.getBean(BOOT_BATCH_PROCESSOR)
				: null;
		return SpanProcessors.of(processors.orderedStream().filter((processor) -> processor != unused).toList());
	}

}
