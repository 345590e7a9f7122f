package dev.observableorders.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.traffic.OrderMix.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One run of the traffic generator: {@code concurrency} workers send orders until the
 * count or the duration is reached, classify each answer, and record its latency.
 */
public final class TrafficRun {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<String> INVALID_BODIES = List.of(
			"{\"customerId\": \"\", \"items\": [\"item1\"], \"total\": 10}",
			"{\"customerId\": \"load-cust\", \"items\": [], \"total\": 10}",
			"{\"customerId\": \"load-cust\", \"items\": [\"item1\"], \"total\": -5}");

	private final TrafficOptions options;

	private final HttpClient http;

	private final AtomicLong next = new AtomicLong();

	private final LongAdder done = new LongAdder();

	private final LongAdder unexpected = new LongAdder();

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final List<String> unexpectedSamples = new CopyOnWriteArrayList<>();

	/** Answered valid orders that resubmissions can pick from: id to status. */
	private final List<Answered> answered = new CopyOnWriteArrayList<>();

	private final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);

	private final Histogram total = new Histogram(3);

	private volatile long startNanos;

	private volatile long deadlineNanos = Long.MAX_VALUE;

	private record Answered(String orderId, String body, String status) {
	}

	public TrafficRun(TrafficOptions options) {
		this.options = options;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** Runs to completion, printing progress to {@code progress} when asked to. */
	public TrafficSummary run(PrintStream progress) throws InterruptedException {
		ExecutorService workers = Executors.newFixedThreadPool(this.options.concurrency());
		this.startNanos = System.nanoTime();
		if (this.options.duration() != null) {
			this.deadlineNanos = this.startNanos + this.options.duration().toNanos();
		}
		for (int i = 0; i < this.options.concurrency(); i++) {
			workers.execute(this::work);
		}
		workers.shutdown();
		ProgressLine line = new ProgressLine(progress, this.options.progress());
		while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
			this.total.add(this.latency.getIntervalHistogram());
			line.show(elapsedSeconds(), this.next.get(), this.done.sum(), this.unexpected.sum(), this.total);
		}
		this.total.add(this.latency.getIntervalHistogram());
		line.finish(elapsedSeconds(), this.next.get(), this.done.sum(), this.unexpected.sum(), this.total);
		Map<String, Long> counts = new TreeMap<>();
		this.outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
		return TrafficSummary.of(this.options, elapsedSeconds(), this.done.sum(), this.unexpected.sum(), counts,
				List.copyOf(this.unexpectedSamples), this.total);
	}

	/**
	 * Every answer's latency in microseconds, once {@link #run} returned: runs measured
	 * in slices are merged from these, not from their percentiles.
	 */
	public Histogram latencyMicros() {
		return this.total.copy();
	}

	private double elapsedSeconds() {
		return (System.nanoTime() - this.startNanos) / 1e9;
	}

	private void work() {
		SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
		while (true) {
			long n = this.next.getAndIncrement();
			if ((this.options.orders() > 0 && n >= this.options.orders()) || System.nanoTime() >= this.deadlineNanos) {
				this.next.decrementAndGet();
				return;
			}
			long plannedStart = System.nanoTime();
			if (this.options.rate() > 0) {
				plannedStart = this.startNanos + (long) (n * 1e9 / this.options.rate());
				long wait = plannedStart - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			send(n, this.options.mix().kindOf(n), random);
			this.latency.recordValue(Math.max(1, (System.nanoTime() - plannedStart) / 1000));
			this.done.increment();
		}
	}

	private void send(long n, Kind kind, SplittableRandom random) {
		if (kind == Kind.RESUBMIT && !this.answered.isEmpty()) {
			Answered earlier = this.answered.get(random.nextInt(this.answered.size()));
			Reply reply = post(earlier.orderId(), earlier.body());
			expect(reply, reply.status() == 200 && earlier.status().equals(reply.orderStatus()), "resubmitted",
					"resubmission of " + earlier.orderId() + " expected 200 " + earlier.status());
			return;
		}
		String orderId = this.options.idPrefix() + "-" + n;
		if (kind == Kind.INVALID) {
			Reply reply = post(orderId, INVALID_BODIES.get((int) (n % INVALID_BODIES.size())));
			expect(reply, reply.status() == 400, "rejected", orderId + " (invalid) expected 400");
			return;
		}
		String body = validOrder(orderId, random);
		Reply reply = post(orderId, body);
		boolean ok = reply.status() == 200 && reply.orderStatus() != null && !"not_found".equals(reply.orderStatus());
		expect(reply, ok, reply.orderStatus(), orderId + " expected 200 with a final status");
		if (ok) {
			this.answered.add(new Answered(orderId, body, reply.orderStatus()));
		}
	}

	private static String validOrder(String orderId, SplittableRandom random) {
		int items = 1 + random.nextInt(3);
		List<String> names = new ArrayList<>();
		for (int i = 0; i < items; i++) {
			names.add("\"item" + random.nextInt(1000) + "\"");
		}
		double total = 5 + random.nextInt(49_500) / 100.0;
		return "{\"id\": \"%s\", \"customerId\": \"load-cust-%d\", \"items\": [%s], \"total\": %.2f}".formatted(orderId,
				random.nextInt(1000), String.join(", ", names), total);
	}

	private void expect(Reply reply, boolean expected, String outcome, String what) {
		if (expected) {
			this.outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
			return;
		}
		this.unexpected.increment();
		this.outcomes.computeIfAbsent("unexpected", (key) -> new LongAdder()).increment();
		if (this.unexpectedSamples.size() < 10) {
			this.unexpectedSamples.add(what + ", got " + reply);
		}
	}

	private Reply post(String orderId, String body) {
		HttpRequest request = HttpRequest
			.newBuilder(this.options.url().resolve("/OrderService/" + orderId + "/ProcessOrder"))
			.timeout(this.options.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body());
		}
		catch (java.net.ConnectException ex) {
			return new Reply(0, "cannot connect to " + this.options.url());
		}
		catch (IOException ex) {
			return new Reply(0,
					ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Reply(0, "interrupted");
		}
	}

	/** An HTTP answer; status 0 when there was none (connection error, timeout). */
	record Reply(int status, String body) {

		String orderStatus() {
			try {
				JsonNode status = JSON.readTree(this.body).path("status");
				return status.isTextual() ? status.asText() : null;
			}
			catch (IOException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			String shown = (this.body.length() > 200) ? this.body.substring(0, 200) + "..." : this.body;
			return ((this.status == 0) ? "no answer" : String.valueOf(this.status)) + " " + shown;
		}

	}

}
