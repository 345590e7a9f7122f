package dev.observableorders.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A span exporter that keeps what it is given, for tests that run the real OpenTelemetry
 * SDK in-process (the OTLP path is {@link OtlpReceiver}'s).
 */
public final class CollectedSpans implements SpanExporter {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	/** Every span exported so far, in the order they were exported. */
	public List<SpanData> spans() {
		return List.copyOf(this.spans);
	}

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
