package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP payment gateway for tests, speaking the protocol of
 * {@code HttpPaymentGateway} and behaving like a card processor: it deduplicates by
 * {@code Idempotency-Key} (a repeated key gets the first answer and is not charged
 * again), and it finishes a charge even when the caller hung up. It can be slow, or down
 * (503).
 */
public final class StubPaymentGateway implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Customers starting with this are declined. */
	public static final String DECLINED = "declined-";

	private final HttpServer server;

	private final Map<String, String> answers = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> chargeKeysByOrder = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requestsByOrder = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean down;

	private volatile int rejectWith;

	public StubPaymentGateway() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/charges", (exchange) -> handle(exchange, true));
		this.server.createContext("/refunds", (exchange) -> handle(exchange, false));
		this.server.start();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	public void latency(Duration latency) {
		this.latency = latency;
	}

	public void down(boolean down) {
		this.down = down;
	}

	/** Answers every request with this 4xx (0: behave). */
	public void rejectWith(int status) {
		this.rejectWith = status;
	}

	/** Requests received, answered or not. */
	public int requests() {
		return this.requests.get();
	}

	public int requests(String orderId) {
		return this.requestsByOrder.getOrDefault(orderId, new AtomicInteger()).get();
	}

	/**
	 * Distinct charges the gateway made for an order: a correct client causes at most
	 * one.
	 */
	public int charges(String orderId) {
		return this.chargeKeysByOrder.getOrDefault(orderId, Set.of()).size();
	}

	private void handle(HttpExchange exchange, boolean charge) throws IOException {
		JsonNode body = JSON.readTree(exchange.getRequestBody());
		String orderId = body.path("orderId").asText();
		this.requests.incrementAndGet();
		this.requestsByOrder.computeIfAbsent(orderId, (id) -> new AtomicInteger()).incrementAndGet();
		if (this.down) {
			respond(exchange, 503, "{\"error\":\"down\"}");
			return;
		}
		if (this.rejectWith != 0) {
			respond(exchange, this.rejectWith, "{\"error\":\"rejected\"}");
			return;
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		if (key == null) {
			respond(exchange, 400, "{\"error\":\"Idempotency-Key required\"}");
			return;
		}
		pause();
		String answer = this.answers.computeIfAbsent(key, (k) -> {
			if (charge && body.path("customerId").asText().startsWith(DECLINED)) {
				return "{\"status\":\"declined\",\"reason\":\"insufficient funds\"}";
			}
			if (charge) {
				this.chargeKeysByOrder.computeIfAbsent(orderId, (id) -> ConcurrentHashMap.newKeySet()).add(k);
				return "{\"status\":\"approved\",\"reference\":\"ch_" + k + "\"}";
			}
			return "{\"status\":\"refunded\",\"reference\":\"re_" + k + "\"}";
		});
		respond(exchange, 200, answer);
	}

	private void pause() {
		try {
			Thread.sleep(this.latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (exchange) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException callerHungUp) {
			// the charge stands, as at a real processor
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
