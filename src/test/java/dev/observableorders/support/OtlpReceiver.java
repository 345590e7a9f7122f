package dev.observableorders.support;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/gRPC trace receiver built from the protocol's own stubs: what a collector would
 * get from the Restate server and from the service.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final Server server;

	public OtlpReceiver() {
		this.server = Grpc.newServerBuilderForPort(RestateServer.freePort(), InsecureServerCredentials.create())
			.addService(new TraceServiceGrpc.TraceServiceImplBase() {
				@Override
				public void export(ExportTraceServiceRequest request,
						StreamObserver<ExportTraceServiceResponse> response) {
					request.getResourceSpansList().forEach(OtlpReceiver.this::collect);
					response.onNext(ExportTraceServiceResponse.getDefaultInstance());
					response.onCompleted();
				}
			})
			.build();
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code http://127.0.0.1:<port>}, for OTLP over gRPC. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getPort());
	}

	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	public List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private void collect(ResourceSpans resourceSpans) {
		String service = attribute(resourceSpans.getResource().getAttributesList(), "service.name");
		for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
			for (Span span : scopeSpans.getSpansList()) {
				this.spans.add(new ReceivedSpan(service, span));
			}
		}
	}

	private static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((kv) -> kv.getKey().equals(key))
			.map((kv) -> kv.getValue().getStringValue())
			.findFirst()
			.orElse("");
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

	/**
	 * One span as received, with ids in the hex form logs and traceparent headers use.
	 */
	public record ReceivedSpan(String service, Span span) {

		private static final HexFormat HEX = HexFormat.of();

		public String traceId() {
			return HEX.formatHex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return HEX.formatHex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return HEX.formatHex(this.span.getParentSpanId().toByteArray());
		}

		public String name() {
			return this.span.getName();
		}

		public boolean isError() {
			return this.span.getStatus()
				.getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
		}

		public String attribute(String key) {
			return OtlpReceiver.attribute(this.span.getAttributesList(), key);
		}

		@Override
		public String toString() {
			return this.service + ":" + name() + "(" + spanId() + "<-" + parentSpanId() + (isError() ? ", ERROR" : "")
					+ ")";
		}

	}

}
