package dev.observableorders.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
			// what this configuration relies on: Boot's batch processor under this name.
			// If this fails after a
			// Boot upgrade, find the new name (or a way to leave it out) before changing
			// anything else.
			assertThat(context.getBean(SpanExportConfiguration.BOOT_BATCH_PROCESSOR))
				.isInstanceOf(BatchSpanProcessor.class);
			assertThat(context.getBean(SpanProcessors.class).list()).noneMatch(BatchSpanProcessor.class::isInstance);
			Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
			// spans are still made and sampled: their trace ids reach the log lines and
			// the pages
			Span span = tracer.spanBuilder("still-made").startSpan();
			assertThat(span.isRecording()).isTrue();
			assertThat(span.getSpanContext().isSampled()).isTrue();
			span.end();
		});
	}

	@Test
	void withAnExporterSpansAreBatchedAndExported() {
		RecordingExporter exporter = new RecordingExporter();
		this.runner.withBean(SpanExporter.class, () -> exporter).run((context) -> {
			assertThat(context.getBean(SpanProcessors.class).list()).containsExactly(
					context.getBean(SpanExportConfiguration.BOOT_BATCH_PROCESSOR, BatchSpanProcessor.class));
			SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
			provider.get("test").spanBuilder("exported").startSpan().end();
			assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(exporter.spans).extracting(SpanData::getName).containsExactly("exported");
		});
	}

	@Test
	void otherSpanProcessorsAreKeptWithoutAnExporter() {
		RecordingExporter exporter = new RecordingExporter();
		this.runner.withBean("ownProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.run((context) -> {
				assertThat(context.getBean(SpanProcessors.class).list())
					.containsExactly(context.getBean("ownProcessor", SpanProcessor.class));
				context.getBean(SdkTracerProvider.class).get("test").spanBuilder("own").startSpan().end();
				assertThat(exporter.spans).extracting(SpanData::getName).containsExactly("own");
			});
	}

	private static final class RecordingExporter implements SpanExporter {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
