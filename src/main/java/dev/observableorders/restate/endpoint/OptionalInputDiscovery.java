package dev.observableorders.restate.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restate.common.Slice;
import dev.restate.sdk.core.EndpointRequestHandler;
import dev.restate.sdk.core.ProtocolException;
import dev.restate.sdk.core.RequestProcessor;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.endpoint.HeadersAccessor;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

/**
 * Lets a handler take a JSON body or none at all.
 *
 * <p>
 * SDK 2.4.1 advertises every handler input that has a content type as required, and the
 * Restate server enforces what discovery advertises: a handler then rejects a bare POST,
 * while one declared without input rejects {@code -d '{}'}. Handlers that carry the
 * metadata {@value HandlerMetadata#OPTIONAL_INPUT}{@code =true} are advertised with
 * {@code "required": false} instead, so both calls work. Every other request goes to the
 * SDK's handler untouched.
 */
final class OptionalInputDiscovery implements Handler<HttpServerRequest> {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Handler<HttpServerRequest> sdkHandler;

	private final EndpointRequestHandler discovery;

	private final Set<String> optionalInputHandlers;

	private final boolean bidirectionalStreaming;

	OptionalInputDiscovery(Endpoint endpoint, Handler<HttpServerRequest> sdkHandler, boolean bidirectionalStreaming) {
		this.sdkHandler = sdkHandler;
		this.discovery = EndpointRequestHandler.create(endpoint);
		this.bidirectionalStreaming = bidirectionalStreaming;
		this.optionalInputHandlers = endpoint.getServiceDefinitions()
			.flatMap((service) -> service.getHandlers()
				.stream()
				.filter((handler) -> "true".equals(handler.getMetadata().get(HandlerMetadata.OPTIONAL_INPUT)))
				.map((handler) -> service.getServiceName() + "/" + handler.getName()))
			.collect(Collectors.toUnmodifiableSet());
	}

	Set<String> optionalInputHandlers() {
		return this.optionalInputHandlers;
	}

	@Override
	public void handle(HttpServerRequest request) {
		if (this.optionalInputHandlers.isEmpty() || !EndpointPaths.isDiscovery(request.path())) {
			this.sdkHandler.handle(request);
			return;
		}
		try {
			RequestProcessor processor = this.discovery.processorForRequest(request.path(), headersOf(request),
					(key, value) -> {
					}, Runnable::run, this.bidirectionalStreaming && request.version() == HttpVersion.HTTP_2);
			byte[] body = drain(processor);
			if (processor.statusCode() == 200) {
				body = markOptionalInputs(body);
			}
			request.response()
				.setStatusCode(processor.statusCode())
				.putHeader("content-type", processor.responseContentType())
				.end(Buffer.buffer(body));
		}
		catch (ProtocolException ex) {
			request.response()
				.setStatusCode(ex.getCode())
				.putHeader("content-type", "text/plain")
				.end(String.valueOf(ex.getMessage()));
		}
		catch (IOException ex) {
			request.response().setStatusCode(500).putHeader("content-type", "text/plain").end(ex.getMessage());
		}
	}

	private byte[] markOptionalInputs(byte[] manifest) throws IOException {
		JsonNode root = JSON.readTree(manifest);
		for (JsonNode service : root.path("services")) {
			for (JsonNode handler : service.path("handlers")) {
				String name = service.path("name").asText() + "/" + handler.path("name").asText();
				if (this.optionalInputHandlers.contains(name) && handler.path("input") instanceof ObjectNode input) {
					input.put("required", false);
				}
			}
		}
		return JSON.writeValueAsBytes(root);
	}

	/**
	 * The discovery answer is a static response: it is published synchronously on
	 * subscribe.
	 */
	private static byte[] drain(RequestProcessor processor) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		processor.subscribe(new Flow.Subscriber<Slice>() {
			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(Slice slice) {
				out.writeBytes(slice.toByteArray());
			}

			@Override
			public void onError(Throwable throwable) {
			}

			@Override
			public void onComplete() {
			}
		});
		return out.toByteArray();
	}

	private static HeadersAccessor headersOf(HttpServerRequest request) {
		return new HeadersAccessor() {
			@Override
			public Iterable<String> keys() {
				return request.headers().names();
			}

			@Override
			public String get(String key) {
				return request.getHeader(key);
			}
		};
	}

}
