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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP warehouse for tests, speaking the contract of {@code HttpWarehouse}
 * (docs/orders.md, "Warehouse contract"): it ships once per {@code Idempotency-Key} and
 * answers a repeated key with the first shipment. It can be down (503) or answer what a
 * test scripts.
 */
public final class StubWarehouse implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpServer server;

	/** Shipment ids by idempotency key. */
	private final Map<String, String> shipments = new ConcurrentHashMap<>();

	/** Shipments by order id: a correct client causes at most one. */
	private final Map<String, AtomicInteger> shipmentsByOrder = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile boolean down;

	private volatile int status;

	private volatile String body;

	private volatile String refusedCustomers;

	public StubWarehouse() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/shipments", this::handle);
		this.server.start();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** Answers every hand-over with 503 and ships nothing while down. */
	public void down(boolean down) {
		this.down = down;
	}

	/**
	 * Answers every hand-over with this status and body, shipping nothing (0: behave).
	 */
	public void answer(int status, String body) {
		this.body = body;
		this.status = status;
	}

	/**
	 * Refuses for good (422) every order of a customer whose id starts with
	 * {@code prefix}: such orders are refunded.
	 */
	public void refuse(String prefix) {
		this.refusedCustomers = prefix;
	}

	/** Hand-overs received, answered or not. */
	public int requests() {
		return this.requests.get();
	}

	/** Distinct shipments made for an order. */
	public int shipments(String orderId) {
		return this.shipmentsByOrder.getOrDefault(orderId, new AtomicInteger()).get();
	}

	/** Orders shipped more than once: a correct client never causes one. */
	public Map<String, Integer> shippedTwice() {
		Map<String, Integer> twice = new ConcurrentHashMap<>();
		this.shipmentsByOrder.forEach((order, count) -> {
			if (count.get() > 1) {
				twice.put(order, count.get());
			}
		});
		return twice;
	}

	private void handle(HttpExchange http) throws IOException {
		this.requests.incrementAndGet();
		JsonNode request = JSON.readTree(http.getRequestBody());
		if (this.down) {
			respond(http, 503, "{\"error\":\"down\"}");
			return;
		}
		int scripted = this.status;
		if (scripted != 0) {
			respond(http, scripted, this.body);
			return;
		}
		String key = http.getRequestHeaders().getFirst("Idempotency-Key");
		if (key == null || !"POST".equals(http.getRequestMethod())) {
			respond(http, 400, "{\"error\":\"POST with an Idempotency-Key\"}");
			return;
		}
		String refused = this.refusedCustomers;
		if (refused != null && request.path("customerId").asText().startsWith(refused)) {
			respond(http, 422, "{\"error\":\"we do not ship there\"}");
			return;
		}
		String orderId = request.path("orderId").asText();
		String shipment = this.shipments.computeIfAbsent(key, (k) -> {
			this.shipmentsByOrder.computeIfAbsent(orderId, (o) -> new AtomicInteger()).incrementAndGet();
			return "shp_" + Integer.toHexString(k.hashCode()) + "_" + this.shipments.size();
		});
		respond(http, 200, "{\"shipmentId\":\"" + shipment + "\"}");
	}

	private static void respond(HttpExchange http, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		http.getResponseHeaders().set("Content-Type", "application/json");
		http.sendResponseHeaders(status, bytes.length);
		http.getResponseBody().write(bytes);
		http.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
