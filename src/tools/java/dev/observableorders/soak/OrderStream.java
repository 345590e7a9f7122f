package dev.observableorders.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's callers: an open-loop stream of {@code ProcessOrder} calls at a fixed rate,
 * whatever state the system is in — new orders (some the gateway declines, some the
 * warehouse never takes), invalid ones, and resubmissions with the same and with a
 * different body. Each call is a caller that keeps asking, with the same idempotency key,
 * until it gets an answer or its deadline passes, as a production client does; every call
 * and its answer is kept as ground truth for the checker.
 */
final class OrderStream implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Customers the stub gateway declines. */
	static final String DECLINED = "declined-";

	/** Customers whose orders the stub warehouse refuses for good: they are refunded. */
	static final String UNSHIPPABLE = "unshippable-";

	/** What a call sends. */
	enum Kind {

		/** A new order the gateway approves and the warehouse ships. */
		NEW,
		/** A new order the gateway declines. */
		DECLINED,
		/** A new order the warehouse refuses: charged, then refunded. */
		UNSHIPPABLE,
		/** A new order that fails validation. */
		INVALID,
		/** An earlier order again, with the body it was last sent with. */
		SAME_BODY,
		/** An earlier order again with another total: refused when it was accepted. */
		CHANGED_BODY,
		/** An order that failed validation, sent again corrected: processed. */
		CORRECTED

	}

	/**
	 * One caller's call and what it was answered.
	 *
	 * @param total the body's total, null when the body is invalid
	 */
	static final class Call {

		final long number;

		final String orderId;

		final Kind kind;

		final String body;

		final BigDecimal total;

		/** Nanoseconds since the stream started. */
		final long sentAt;

		volatile long answeredAt = -1;

		/** The HTTP status of the answer; 0 while unanswered. */
		volatile int httpStatus;

		/** The order status answered ({@code completed}, ...), null for other answers. */
		volatile String status;

		/** Attempts made: more than one when the first met a fault. */
		final AtomicInteger attempts = new AtomicInteger();

		Call(long number, String orderId, Kind kind, String body, BigDecimal total, long sentAt) {
			this.number = number;
			this.orderId = orderId;
			this.kind = kind;
			this.body = body;
			this.total = total;
			this.sentAt = sentAt;
		}

		boolean answered() {
			return this.answeredAt >= 0;
		}

		/** How long the caller waited, until now when it still waits. */
		long waitedNanos(long now) {
			return (answered() ? this.answeredAt : now) - this.sentAt;
		}

	}

	/** The longest a caller waits before asking again after a failed attempt. */
	static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	/** The longest one attempt waits: a caller's own HTTP timeout. */
	static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(60);

	private final URI ingress;

	private final double rate;

	/** On the stream's clock: callers still waiting then give up, unanswered. */
	private final Duration answerBy;

	private final Random random;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	/** Bounds the callers waiting at once: a stream that outgrows it is reported. */
	private final Semaphore inFlight;

	private final List<Call> calls = new ArrayList<>();

	/** The last call sent per order, for resubmissions. */
	private final Map<String, Call> lastCallByOrder = new ConcurrentHashMap<>();

	private final List<String> orderIds = new ArrayList<>();

	private final AtomicLong skipped = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final long started = System.nanoTime();

	private long next;

	/**
	 * @param answerBy on the stream's clock, when every caller still waiting gives up
	 * (the end of the run's drain)
	 */
	OrderStream(URI ingress, double rate, Duration answerBy, long seed, int maxInFlight) {
		this.ingress = ingress;
		this.rate = rate;
		this.answerBy = answerBy;
		this.random = new Random(seed ^ 0x5DEECE66DL);
		this.inFlight = new Semaphore(maxInFlight);
	}

	/** Sends from now on, one call every 1/rate seconds, until {@link #stop()}. */
	void start() {
		long period = (long) (1_000_000_000L / this.rate);
		this.scheduler.scheduleAtFixedRate(this::sendOne, 0, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Sends no more; callers already waiting keep asking until answered or their
	 * deadline.
	 */
	void stop() {
		this.scheduler.shutdown();
		try {
			this.scheduler.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long nanosSinceStart() {
		return System.nanoTime() - this.started;
	}

	List<Call> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	long waiting() {
		return calls().stream().filter((call) -> !call.answered()).count();
	}

	long skipped() {
		return this.skipped.get();
	}

	long retries() {
		return this.retries.get();
	}

	/** Called by the scheduler only: the random draws stay in one thread, in order. */
	private void sendOne() {
		if (!this.inFlight.tryAcquire()) {
			this.skipped.incrementAndGet();
			return;
		}
		Call call = nextCall();
		synchronized (this.calls) {
			this.calls.add(call);
		}
		this.lastCallByOrder.put(call.orderId, call);
		attempt(call, Duration.ofMillis(500));
	}

	private Call nextCall() {
		long number = ++this.next;
		double draw = this.random.nextDouble();
		if (this.orderIds.size() > 20 && draw >= 0.80) {
			Call earlier = this.lastCallByOrder.get(this.orderIds.get(this.random.nextInt(this.orderIds.size())));
			if (draw < 0.90) {
				return new Call(number, earlier.orderId, Kind.SAME_BODY, earlier.body, earlier.total,
						nanosSinceStart());
			}
			if (earlier.answered() && "validation_failed".equals(earlier.status)) {
				BigDecimal total = total();
				return new Call(number, earlier.orderId, Kind.CORRECTED,
						body(earlier.orderId, "cust-" + number, List.of("item-1"), total), total, nanosSinceStart());
			}
			if (earlier.answered() && earlier.total != null && earlier.status != null) {
				BigDecimal total = earlier.total.add(BigDecimal.ONE);
				return new Call(number, earlier.orderId, Kind.CHANGED_BODY,
						body(earlier.orderId, "cust-" + number, List.of("item-1"), total), total, nanosSinceStart());
			}
		}
		String orderId = "soak-%06d".formatted(number);
		this.orderIds.add(orderId);
		BigDecimal total = total();
		List<String> items = new ArrayList<>();
		for (int i = 0, n = 1 + this.random.nextInt(3); i < n; i++) {
			items.add("item-" + this.random.nextInt(100));
		}
		if (draw < 0.05) {
			return new Call(number, orderId, Kind.INVALID, body(orderId, "cust-" + number, List.of(), total), null,
					nanosSinceStart());
		}
		if (draw < 0.10) {
			return new Call(number, orderId, Kind.DECLINED, body(orderId, DECLINED + number, items, total), total,
					nanosSinceStart());
		}
		if (draw < 0.15) {
			return new Call(number, orderId, Kind.UNSHIPPABLE, body(orderId, UNSHIPPABLE + number, items, total), total,
					nanosSinceStart());
		}
		return new Call(number, orderId, Kind.NEW, body(orderId, "cust-" + number, items, total), total,
				nanosSinceStart());
	}

	/** 1.00 to 500.00, whole cents. */
	private BigDecimal total() {
		return BigDecimal.valueOf(100 + this.random.nextInt(49_901), 2);
	}

	private static String body(String orderId, String customerId, List<String> items, BigDecimal total) {
		return JSON.createObjectNode()
			.put("id", orderId)
			.put("customerId", customerId).<com.fasterxml.jackson.databind.node.ObjectNode>set("items",
					JSON.valueToTree(items))
			.put("total", total)
			.toString();
	}

	/**
	 * One attempt; a connection error or an answer that is not the order's (5xx from the
	 * balancer or a node going away) is tried again after {@code backoff}, with the same
	 * idempotency key, so that it attaches to the invocation the first attempt started.
	 */
	private void attempt(Call call, Duration backoff) {
		call.attempts.incrementAndGet();
		// an attempt waits at most until the caller gives up; one cut short by a node
		// going away is tried again, and attaches to the same invocation
		long left = this.answerBy.toNanos() - nanosSinceStart();
		HttpRequest request = HttpRequest
			.newBuilder(this.ingress.resolve("/OrderService/" + call.orderId + "/ProcessOrder"))
			.timeout(Duration
				.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), Math.min(left, ATTEMPT_TIMEOUT.toNanos()))))
			.header("Content-Type", "application/json")
			.header("idempotency-key", call.orderId + "/" + call.number)
			.POST(HttpRequest.BodyPublishers.ofString(call.body))
			.build();
		CompletableFuture<HttpResponse<String>> answer = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		answer.whenComplete((response, failure) -> {
			if (failure == null && isAnswer(response.statusCode())) {
				call.status = status(response);
				call.httpStatus = response.statusCode();
				call.answeredAt = nanosSinceStart();
				this.inFlight.release();
				return;
			}
			// jittered, as a well-behaved client: thousands of callers that failed
			// together must not all come back together (a herd of them every few
			// seconds starved the 30-minute run's cluster); the last try is clipped to
			// the deadline
			long untilDeadline = this.answerBy.toNanos() - nanosSinceStart() - Duration.ofSeconds(1).toNanos();
			long delay = Math.min(untilDeadline,
					(long) (backoff.toNanos() * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
			if (delay <= 0) {
				// unanswered: the checker reports it (its invocation is unfinished or
				// lost)
				call.httpStatus = (failure == null) ? response.statusCode() : 0;
				this.inFlight.release();
				return;
			}
			this.retries.incrementAndGet();
			Duration nextBackoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
					: backoff.multipliedBy(2);
			CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> attempt(call, nextBackoff));
		});
	}

	/**
	 * 200 (a result), 400 (the order is invalid: stored as such), 409 (the order exists
	 * with another body); anything else is the way there failing.
	 */
	private static boolean isAnswer(int status) {
		return status == 200 || status == 400 || status == 409;
	}

	private static String status(HttpResponse<String> response) {
		if (response.statusCode() == 400) {
			return "validation_failed";
		}
		if (response.statusCode() != 200) {
			return null;
		}
		try {
			JsonNode result = JSON.readTree(response.body());
			return result.path("status").asText(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
