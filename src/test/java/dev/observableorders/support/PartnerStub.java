package dev.observableorders.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * What the test partners (the stub gateway and warehouse) share: a real HTTP server on
 * loopback — or HTTPS with a {@link TestTls} certificate, asking for the client's — that
 * can require an API key and keeps the {@code traceparent} of every request by order.
 */
abstract class PartnerStub implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<String>> traceparents = new ConcurrentHashMap<>();

	private volatile String apiKey;

	/**
	 * @param tls null: plain HTTP
	 */
	PartnerStub(TestTls tls) {
		try {
			InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
			if (tls == null) {
				this.server = HttpServer.create(loopback, 200);
			}
			else {
				HttpsServer https = HttpsServer.create(loopback, 200);
				https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()) {

					@Override
					public void configure(HttpsParameters parameters) {
						parameters.setSSLParameters(getSSLContext().getDefaultSSLParameters());
						parameters.setNeedClientAuth(true);
					}

				});
				this.server = https;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
	}

	/** Registers the stub's paths and starts answering. */
	final void serve(String path, com.sun.net.httpserver.HttpHandler handler) {
		this.server.createContext(path, handler);
	}

	final void start() {
		this.server.start();
	}

	public final URI url() {
		return URI.create(((this.server instanceof HttpsServer) ? "https" : "http") + "://127.0.0.1:"
				+ this.server.getAddress().getPort());
	}

	/**
	 * From now on, a request without {@code Authorization: Bearer <key>} is answered 401
	 * and does nothing (null: no key needed), as after a partner rotated its keys.
	 */
	public final void requireApiKey(String key) {
		this.apiKey = key;
	}

	/** The {@code traceparent} headers of an order's requests, in arrival order. */
	public final List<String> traceparents(String orderId) {
		return List.copyOf(this.traceparents.getOrDefault(orderId, List.of()));
	}

	/**
	 * Notes the request's trace context; answers 401 and returns false when it lacks the
	 * required key.
	 */
	final boolean admitted(HttpExchange http, String orderId) {
		String traceparent = http.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			this.traceparents.computeIfAbsent(orderId, (id) -> new CopyOnWriteArrayList<>()).add(traceparent);
		}
		String key = this.apiKey;
		if (key != null && !("Bearer " + key).equals(http.getRequestHeaders().getFirst("Authorization"))) {
			respond(http, 401, "{\"error\":\"invalid API key\"}");
			return false;
		}
		return true;
	}

	/**
	 * Answers with a JSON body and a {@code Request-Id}; a caller that hung up is fine.
	 */
	static void respond(HttpExchange exchange, int status, String body) {
		respond(exchange, status, body, Duration.ZERO);
	}

	/** As {@link #respond(HttpExchange, int, String)}, the body trailing the headers. */
	static void respond(HttpExchange exchange, int status, String body, Duration bodyDelay) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (exchange) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders()
				.add("Request-Id", "req_" + Integer.toHexString(System.identityHashCode(exchange)));
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().flush();
			pause(bodyDelay);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException callerHungUp) {
			// what the partner did stands all the same, as at a real one
		}
	}

	static void pause(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
