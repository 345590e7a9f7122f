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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP payment gateway for tests, speaking the protocol of
 * {@code HttpPaymentGateway} (docs/orders.md, "Payment gateway contract") and behaving
 * like a card processor:
 * <ul>
 * <li>it deduplicates by {@code Idempotency-Key}: a repeated key gets the first answer
 * and moves no money again; a request whose key is still in progress gets 409;</li>
 * <li>it takes the money when a charge arrives and finishes it even when the caller hung
 * up or timed out;</li>
 * <li>a void cancels the charge under a key and blocks the key: a charge arriving later
 * under it is declined;</li>
 * <li>a refund must name an approved charge and not exceed it.</li>
 * </ul>
 * It keeps a ledger of every charge, refund and void, so a test can check the books. It
 * can be slow, down (503), or answer one operation as a test scripts it.
 */
public final class StubPaymentGateway extends PartnerStub {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern VOID_PATH = Pattern.compile("/charges/([^/]+)/void");

	/** Customers starting with this are declined. */
	public static final String DECLINED = "declined-";

	/** What a client asks the gateway to do. */
	public enum Operation {

		CHARGE, REFUND, VOID

	}

	/** A charge the gateway approved, as its ledger holds it. */
	public record Charge(String key, String orderId, long cents, String reference, boolean voided, boolean refunded) {

		/** Money the customer has paid and not got back. */
		public boolean standing() {
			return !this.voided && !this.refunded;
		}

	}

	/** A refund the gateway made. */
	public record Refund(String key, String orderId, String chargeReference, long cents) {

	}

	/**
	 * Answers by operation and idempotency key: the first request's, for every repeat.
	 */
	private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();

	private final Map<String, Charge> charges = new ConcurrentHashMap<>();

	private final Map<String, Refund> refunds = new ConcurrentHashMap<>();

	/** Charge keys a void found nothing under: later charges under them are declined. */
	private final Set<String> blockedKeys = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> requestsByOrder = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final Map<Operation, Duration> latency = new ConcurrentHashMap<>();

	private final Map<Operation, Scripted> scripted = new ConcurrentHashMap<>();

	private volatile boolean down;

	/** How long an answer's body trails its headers. */
	private volatile Duration bodyDelay = Duration.ZERO;

	private volatile int rejectWith;

	public StubPaymentGateway() {
		this(null);
	}

	/**
	 * @param tls serve HTTPS with this CA's certificate, asking for the client's
	 */
	public StubPaymentGateway(TestTls tls) {
		super(tls);
		latency(Duration.ZERO);
		serve("/charges", this::route);
		serve("/refunds", (exchange) -> handle(exchange, Operation.REFUND, null));
		start();
	}

	/** How long every operation takes before it answers (the money moves on arrival). */
	public void latency(Duration latency) {
		for (Operation operation : Operation.values()) {
			latency(operation, latency);
		}
	}

	public void latency(Operation operation, Duration latency) {
		this.latency.put(operation, latency);
	}

	/**
	 * Sends each answer's headers at once and its body only after {@code delay}, as a
	 * gateway stalling mid-answer.
	 */
	public void bodyDelay(Duration delay) {
		this.bodyDelay = delay;
	}

	public void down(boolean down) {
		this.down = down;
	}

	/** Answers every request with this 4xx (0: behave). */
	public void rejectWith(int status) {
		this.rejectWith = status;
	}

	/**
	 * Answers the next {@code times} requests of {@code operation} with {@code status}
	 * and {@code body} without acting on them: no money moves. A key the gateway has
	 * already completed still gets its stored answer, as from any idempotent gateway.
	 * {@code times} below 0: until {@link #behave()}.
	 */
	public void answer(Operation operation, int times, int status, String body) {
		this.scripted.put(operation, new Scripted(new AtomicInteger(times), status, body));
	}

	/** Forgets every scripted answer, outage, refusal and latency. */
	public void behave() {
		this.scripted.clear();
		this.down = false;
		this.rejectWith = 0;
		this.bodyDelay = Duration.ZERO;
		latency(Duration.ZERO);
	}

	/** Requests received, answered or not. */
	public int requests() {
		return this.requests.get();
	}

	public int requests(String orderId) {
		return this.requestsByOrder.getOrDefault(orderId, new AtomicInteger()).get();
	}

	/** Requests of one operation for an order, answered or not. */
	public int requests(String orderId, Operation operation) {
		return this.requestsByOrder.getOrDefault(orderId + "/" + operation, new AtomicInteger()).get();
	}

	/** Requests that arrived and have not been answered yet (held by the latency). */
	public long inProgress() {
		return this.exchanges.values().stream().filter((exchange) -> !exchange.done()).count();
	}

	/**
	 * Distinct charges the gateway made for an order: a correct client causes at most
	 * one.
	 */
	public int charges(String orderId) {
		return (int) this.charges.values().stream().filter((charge) -> charge.orderId().equals(orderId)).count();
	}

	/** Every approved charge, voided or refunded ones included. */
	public Collection<Charge> ledger() {
		return List.copyOf(this.charges.values());
	}

	public List<Charge> charges(String orderId, boolean standingOnly) {
		return this.charges.values()
			.stream()
			.filter((charge) -> charge.orderId().equals(orderId) && (!standingOnly || charge.standing()))
			.toList();
	}

	/** Every refund the gateway made. */
	public Collection<Refund> refunds() {
		return List.copyOf(this.refunds.values());
	}

	public List<Refund> refunds(String orderId) {
		return this.refunds.values().stream().filter((refund) -> refund.orderId().equals(orderId)).toList();
	}

	/** Orders with at least one approved charge. */
	public Set<String> chargedOrders() {
		return this.charges.values().stream().map(Charge::orderId).collect(Collectors.toSet());
	}

	/**
	 * Cents the gateway holds for these orders: charges less refunds less voided charges.
	 */
	public long netCents(Collection<String> orders) {
		Set<String> orderIds = Set.copyOf(orders);
		long charged = this.charges.values()
			.stream()
			.filter((charge) -> orderIds.contains(charge.orderId()))
			.mapToLong(Charge::cents)
			.sum();
		long voided = this.charges.values()
			.stream()
			.filter((charge) -> orderIds.contains(charge.orderId()) && charge.voided())
			.mapToLong(Charge::cents)
			.sum();
		long refunded = this.refunds.values()
			.stream()
			.filter((refund) -> orderIds.contains(refund.orderId()))
			.mapToLong(Refund::cents)
			.sum();
		return charged - refunded - voided;
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		Matcher voiding = VOID_PATH.matcher(path);
		if (voiding.matches()) {
			handle(exchange, Operation.VOID, voiding.group(1));
		}
		else if (path.equals("/charges")) {
			handle(exchange, Operation.CHARGE, null);
		}
		else {
			reply(exchange, 404, "{\"error\":\"no such resource\"}");
		}
	}

	private void handle(HttpExchange http, Operation operation, String chargeKey) throws IOException {
		JsonNode body = JSON.readTree(http.getRequestBody());
		String orderId = body.path("orderId").asText();
		this.requests.incrementAndGet();
		count(orderId);
		count(orderId + "/" + operation);
		if (!admitted(http, orderId)) {
			return;
		}
		if (this.down) {
			reply(http, 503, "{\"error\":\"down\"}");
			return;
		}
		if (this.rejectWith != 0) {
			reply(http, this.rejectWith, "{\"error\":\"rejected\"}");
			return;
		}
		String key = http.getRequestHeaders().getFirst("Idempotency-Key");
		if (key == null) {
			reply(http, 400, "{\"error\":\"Idempotency-Key required\"}");
			return;
		}
		String exchangeKey = operation + "/" + key;
		Exchange earlier = this.exchanges.get(exchangeKey);
		if (earlier != null) {
			// An idempotent gateway answers a key it has seen with that request's
			// answer (or "in progress" until it has one), whatever it would say to a
			// new request: a retried refund whose first answer was lost, or is still
			// on its way, must not be told "refused" after the money moved.
			if (earlier.done()) {
				reply(http, earlier.status, earlier.body);
			}
			else {
				reply(http, 409, "{\"error\":\"a request with this Idempotency-Key is in progress\"}");
			}
			return;
		}
		Scripted script = this.scripted.get(operation);
		if (script != null && script.take()) {
			reply(http, script.status(), script.body());
			return;
		}
		Exchange created = new Exchange();
		Exchange first = this.exchanges.putIfAbsent(exchangeKey, created);
		if (first != null) {
			if (!first.done()) {
				reply(http, 409, "{\"error\":\"a request with this Idempotency-Key is in progress\"}");
			}
			else {
				reply(http, first.status, first.body);
			}
			return;
		}
		synchronized (this) {
			switch (operation) {
				case CHARGE -> charge(created, key, orderId, body);
				case REFUND -> refund(created, key, orderId, body);
				case VOID -> voidCharge(created, chargeKey);
			}
		}
		if (created.status == 409) {
			// "try again" is no answer to remember: the next request with this key is a
			// new one
			this.exchanges.remove(exchangeKey, created);
		}
		pause(this.latency.get(operation));
		created.finish();
		reply(http, created.status, created.body);
	}

	private void charge(Exchange exchange, String key, String orderId, JsonNode body) {
		long cents = body.path("amount").asLong(-1);
		if (!body.path("amount").isIntegralNumber() || cents <= 0 || !"USD".equals(body.path("currency").asText())) {
			exchange.answer(400, "{\"error\":\"amount must be a positive integer in cents, currency USD\"}");
		}
		else if (this.blockedKeys.contains(key)) {
			exchange.answer(200, "{\"status\":\"declined\",\"reason\":\"voided\"}");
		}
		else if (body.path("customerId").asText().startsWith(DECLINED)) {
			exchange.answer(200, "{\"status\":\"declined\",\"reason\":\"insufficient funds\"}");
		}
		else {
			String reference = "ch_" + key;
			this.charges.put(key, new Charge(key, orderId, cents, reference, false, false));
			exchange.answer(200, "{\"status\":\"approved\",\"reference\":\"" + reference + "\"}");
		}
	}

	private void refund(Exchange exchange, String key, String orderId, JsonNode body) {
		String chargeReference = body.path("chargeReference").asText();
		long cents = body.path("amount").asLong(-1);
		Charge charge = this.charges.values()
			.stream()
			.filter((c) -> c.reference().equals(chargeReference))
			.findFirst()
			.orElse(null);
		if (charge == null || !charge.orderId().equals(orderId)) {
			exchange.answer(404, "{\"error\":\"no such charge\"}");
		}
		else if (!charge.standing() || cents != charge.cents()) {
			exchange.answer(400, "{\"error\":\"the charge is not standing, or the amount differs\"}");
		}
		else {
			this.charges.put(charge.key(),
					new Charge(charge.key(), charge.orderId(), charge.cents(), charge.reference(), false, true));
			this.refunds.put(key, new Refund(key, orderId, chargeReference, cents));
			exchange.answer(200, "{\"status\":\"refunded\",\"reference\":\"re_" + key + "\"}");
		}
	}

	private void voidCharge(Exchange exchange, String chargeKey) {
		Exchange chargeExchange = this.exchanges.get(Operation.CHARGE + "/" + chargeKey);
		Charge charge = this.charges.get(chargeKey);
		if (chargeExchange != null && !chargeExchange.done()) {
			// the charge itself is still in progress: the void must wait, as at a
			// processor
			exchange.answer(409, "{\"error\":\"the charge is in progress\"}");
		}
		else if (charge == null) {
			this.blockedKeys.add(chargeKey);
			exchange.answer(200, "{\"status\":\"not_found\"}");
		}
		else if (charge.refunded()) {
			exchange.answer(400, "{\"error\":\"the charge was refunded\"}");
		}
		else {
			this.charges.put(chargeKey,
					new Charge(chargeKey, charge.orderId(), charge.cents(), charge.reference(), true, false));
			exchange.answer(200, "{\"status\":\"voided\"}");
		}
	}

	private void count(String name) {
		this.requestsByOrder.computeIfAbsent(name, (id) -> new AtomicInteger()).incrementAndGet();
	}

	/** Answers, the body trailing the headers by {@link #bodyDelay(Duration)}. */
	private void reply(HttpExchange exchange, int status, String body) {
		respond(exchange, status, body, this.bodyDelay);
	}

	/** The first request of a key; repeats wait for it (409) or get its answer. */
	private static final class Exchange {

		private final CountDownLatch finished = new CountDownLatch(1);

		private volatile int status;

		private volatile String body;

		void answer(int status, String body) {
			this.status = status;
			this.body = body;
		}

		void finish() {
			this.finished.countDown();
		}

		boolean done() {
			return this.finished.getCount() == 0;
		}

	}

	private record Scripted(AtomicInteger remaining, int status, String body) {

		boolean take() {
			return this.remaining.get() < 0 || this.remaining.getAndUpdate((n) -> Math.max(0, n - 1)) > 0;
		}

	}

}
