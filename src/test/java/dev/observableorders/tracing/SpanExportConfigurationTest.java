package dev.observableorders.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.CollectedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Against Boot's own OpenTelemetry auto-configuration, as the application gets it. */
class SpanExportConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class))
		.withUserConfiguration(SpanExportConfiguration.class)
		// as application.yml: every trace started here is sampled (Boot's default is 10%)
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void withoutAnExporterSpansSkipBootsBatchProcessor() {
		this.runner.run((context) -> {
			// what this configuration relies on: Boot's batch processor under this
			// name. If this fails after a Boot upgrade, find the new name (or a way to
			// leave it out) before changing anything else.
			assertThat(context.getBean(SpanExportConfiguration.BOOT_BATCH_PROCESSOR))
				.isInstanceOf(BatchSpanProcessor.class);
			assertThat(context.getBean(SpanProcessors.class).list()).noneMatch(BatchSpanProcessor.class::isInstance);
			Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
			// spans are still made and sampled: their trace ids reach the log lines
			// and the pages
			Span span = tracer.spanBuilder("still-made").startSpan();
			assertThat(span.isRecording()).isTrue();
			assertThat(span.getSpanContext().isSampled()).isTrue();
			span.end();
		});
	}

	@Test
	void withAnExporterSpansAreBatchedAndExported() {
		CollectedSpans exporter = new CollectedSpans();
		this.runner.withBean(SpanExporter.class, () -> exporter).run((context) -> {
			assertThat(context.getBean(SpanProcessors.class).list()).containsExactly(
					context.getBean(SpanExportConfiguration.BOOT_BATCH_PROCESSOR, BatchSpanProcessor.class));
			SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
			provider.get("test").spanBuilder("exported").startSpan().end();
			assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(exporter.spans()).extracting(SpanData::getName).containsExactly("exported");
		});
	}

	@Test
	void otherSpanProcessorsAreKeptWithoutAnExporter() {
		CollectedSpans exporter = new CollectedSpans();
		this.runner.withBean("ownProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.run((context) -> {
				assertThat(context.getBean(SpanProcessors.class).list())
					.containsExactly(context.getBean("ownProcessor", SpanProcessor.class));
				context.getBean(SdkTracerProvider.class).get("test").spanBuilder("own").startSpan().end();
				assertThat(exporter.spans()).extracting(SpanData::getName).containsExactly("own");
			});
	}

}
