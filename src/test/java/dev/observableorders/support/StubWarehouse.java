package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP warehouse for tests, speaking the contract of {@code HttpWarehouse}
 * (docs/orders.md, "Warehouse contract") and keeping a ledger of shipments:
 * <ul>
 * <li>a hand-over is recorded when it arrives, once per {@code Idempotency-Key}, and a
 * repeated key gets the first shipment, even when the answer to the first never reached
 * the caller ({@link #latency});</li>
 * <li>a cancel ({@code POST /shipments/{key}/cancel}) answers {@code cancelled} and stops
 * the shipment while it has not left, {@code shipped} once it has ({@link #dispatch}), or
 * {@code not_found}; either way the key is blocked: a hand-over arriving later under it
 * ships nothing;</li>
 * <li>each cancel key gets its first answer again.</li>
 * </ul>
 * It can be down (503), slow, refuse some customers (422), or answer as a test scripts.
 */
public final class StubWarehouse extends PartnerStub {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern CANCEL_PATH = Pattern.compile("/shipments/([^/]+)/cancel");

	/** A shipment as the warehouse's ledger holds it. */
	public record Shipment(String key, String orderId, String id, boolean cancelled) {
	}

	/** Shipments by hand-over key. */
	private final Map<String, Shipment> shipments = new ConcurrentHashMap<>();

	/** Answers to cancels by the cancel's own key. */
	private final Map<String, Answer> cancels = new ConcurrentHashMap<>();

	/** Hand-over keys a cancel has closed. */
	private final Set<String> blocked = ConcurrentHashMap.newKeySet();

	private final AtomicInteger requests = new AtomicInteger();

	private final Map<String, AtomicInteger> handOverRequests = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> cancelRequests = new ConcurrentHashMap<>();

	private volatile boolean down;

	private volatile int status;

	private volatile String body;

	private volatile int cancelStatus;

	private volatile String cancelBody;

	private volatile String refusedCustomers;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean dispatch;

	public StubWarehouse() {
		this(null);
	}

	/**
	 * @param tls serve HTTPS with this CA's certificate, asking for the client's
	 */
	public StubWarehouse(TestTls tls) {
		super(tls);
		serve("/shipments", this::handle);
		start();
	}

	/** Answers every request with 503 and does nothing while down. */
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

	/** Answers every cancel with this status and body, doing nothing (0: behave). */
	public void answerCancels(int status, String body) {
		this.cancelBody = body;
		this.cancelStatus = status;
	}

	/**
	 * Refuses for good (422) every order of a customer whose id starts with
	 * {@code prefix}: such orders are refunded.
	 */
	public void refuse(String prefix) {
		this.refusedCustomers = prefix;
	}

	/**
	 * How long the answer to every hand-over takes; the shipment is recorded when the
	 * hand-over arrives, so an answer later than the caller's timeout is lost to it.
	 */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * true: shipments leave as soon as they are recorded, so a cancel finds them shipped;
	 * false (the default): a cancel still stops them.
	 */
	public void dispatch(boolean dispatch) {
		this.dispatch = dispatch;
	}

	/** Requests received, answered or not. */
	public int requests() {
		return this.requests.get();
	}

	/** Hand-overs received for an order, answered or not. */
	public int handOverRequests(String orderId) {
		return this.handOverRequests.getOrDefault(orderId, new AtomicInteger()).get();
	}

	/** Cancel requests received for an order, answered or not. */
	public int cancelRequests(String orderId) {
		return this.cancelRequests.getOrDefault(orderId, new AtomicInteger()).get();
	}

	/** Shipments made for an order, cancelled ones included. */
	public int shipments(String orderId) {
		return (int) this.shipments.values().stream().filter((shipment) -> shipment.orderId().equals(orderId)).count();
	}

	/** Every shipment made, cancelled ones included. */
	public Collection<Shipment> ledger() {
		return List.copyOf(this.shipments.values());
	}

	/** Orders shipped more than once: a correct client never causes one. */
	public Map<String, Integer> shippedTwice() {
		return this.shipments.values()
			.stream()
			.filter((shipment) -> !shipment.cancelled())
			.collect(Collectors.groupingBy(Shipment::orderId, Collectors.summingInt((shipment) -> 1)))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private void handle(HttpExchange http) throws IOException {
		this.requests.incrementAndGet();
		JsonNode request = JSON.readTree(http.getRequestBody());
		String orderId = request.path("orderId").asText();
		Matcher cancel = CANCEL_PATH.matcher(http.getRequestURI().getPath());
		(cancel.matches() ? this.cancelRequests : this.handOverRequests)
			.computeIfAbsent(orderId, (id) -> new AtomicInteger())
			.incrementAndGet();
		if (!admitted(http, orderId)) {
			return;
		}
		if (this.down) {
			respond(http, 503, "{\"error\":\"down\"}");
			return;
		}
		String key = http.getRequestHeaders().getFirst("Idempotency-Key");
		if (key == null || !"POST".equals(http.getRequestMethod())) {
			respond(http, 400, "{\"error\":\"POST with an Idempotency-Key\"}");
			return;
		}
		Answer answer;
		int scripted = cancel.matches() ? this.cancelStatus : this.status;
		if (scripted != 0) {
			respond(http, scripted, cancel.matches() ? this.cancelBody : this.body);
			return;
		}
		if (cancel.matches()) {
			answer = this.cancels.computeIfAbsent(key, (k) -> cancel(cancel.group(1)));
		}
		else if (http.getRequestURI().getPath().equals("/shipments")) {
			answer = handOver(key, orderId, request);
			pause(this.latency);
		}
		else {
			respond(http, 404, "{\"error\":\"no such resource\"}");
			return;
		}
		respond(http, answer.status(), answer.body());
	}

	private record Answer(int status, String body) {

		static Answer ok(String body) {
			return new Answer(200, body);
		}

	}

	private synchronized Answer handOver(String key, String orderId, JsonNode request) {
		String refused = this.refusedCustomers;
		if (refused != null && request.path("customerId").asText().startsWith(refused)) {
			return new Answer(422, "{\"error\":\"we do not ship there\"}");
		}
		if (this.blocked.contains(key)) {
			return new Answer(422, "{\"error\":\"this hand-over was cancelled\"}");
		}
		Shipment shipment = this.shipments.computeIfAbsent(key, (k) -> new Shipment(k, orderId,
				"shp_" + Integer.toHexString(k.hashCode()) + "_" + this.shipments.size(), false));
		return Answer.ok("{\"shipmentId\":\"" + shipment.id() + "\"}");
	}

	private synchronized Answer cancel(String handOverKey) {
		this.blocked.add(handOverKey);
		Shipment shipment = this.shipments.get(handOverKey);
		if (shipment == null) {
			return Answer.ok("{\"status\":\"not_found\"}");
		}
		if (!shipment.cancelled() && this.dispatch) {
			return Answer.ok("{\"status\":\"shipped\",\"fulfillmentId\":\"" + shipment.id() + "\"}");
		}
		this.shipments.put(handOverKey, new Shipment(shipment.key(), shipment.orderId(), shipment.id(), true));
		return Answer.ok("{\"status\":\"cancelled\"}");
	}

}
