package dev.observableorders.cluster;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady stream of orders through one ingress, as production clients send them: each
 * worker sends one order at a time with Restate's {@code idempotency-key} header and,
 * when the call fails (lost connection, 5xx), sends the same order again until it has an
 * answer. Records when each answer arrived, to measure stalls.
 */
final class SteadyOrders implements AutoCloseable {

	static final String BODY = """
			{"id":"%s","customerId":"cust-cluster","items":["item1","item2"],"total":99.99}""";

	private final Ingress ingress;

	private final ExecutorService workers;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger sequence = new AtomicInteger();

	private final Map<String, Reply> answers = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Long> answeredAtNanos = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> callerErrors = new ConcurrentLinkedQueue<>();

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final String prefix;

	SteadyOrders(URI ingress, String prefix, int concurrency) {
		this.ingress = new Ingress(ingress);
		this.prefix = prefix;
		this.workers = Executors.newFixedThreadPool(concurrency);
		for (int i = 0; i < concurrency; i++) {
			this.workers.execute(this::sendUntilStopped);
		}
	}

	private void sendUntilStopped() {
		while (this.running.get()) {
			String id = this.prefix + "-" + this.sequence.incrementAndGet();
			this.sent.add(id);
			Reply reply = sendUntilAnswered(id);
			this.answers.put(id, reply);
			this.answeredAtNanos.add(System.nanoTime());
		}
	}

	/** Repeats the same call, same idempotency key, until Restate answers it. */
	private Reply sendUntilAnswered(String id) {
		while (true) {
			try {
				Reply reply = this.ingress.post("/OrderService/" + id + "/ProcessOrder", "application/json",
						BODY.formatted(id), Map.of("idempotency-key", id));
				if (reply.status() < 500) {
					return reply;
				}
				this.callerErrors.add(id + ": " + reply.status() + " " + reply.body());
			}
			catch (RuntimeException ex) {
				this.callerErrors.add(id + ": " + ex);
			}
			// a client's back-off before repeating the call, not a test waiting for a
			// condition
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	/** Answers so far. */
	int answered() {
		return this.answeredAtNanos.size();
	}

	/** Stops sending new orders and waits for the answers of those sent. */
	void stopAndAwaitAnswers(Duration timeout) throws InterruptedException {
		this.running.set(false);
		this.workers.shutdown();
		if (!this.workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Orders still unanswered after " + timeout);
		}
	}

	List<String> sent() {
		return List.copyOf(this.sent);
	}

	Map<String, Reply> answers() {
		return Map.copyOf(this.answers);
	}

	List<Long> answeredAtNanos() {
		return List.copyOf(this.answeredAtNanos);
	}

	/** Failed calls the client repeated: what a caller would have seen. */
	List<String> callerErrors() {
		return List.copyOf(this.callerErrors);
	}

	@Override
	public void close() {
		this.running.set(false);
		this.workers.shutdownNow();
	}

}
