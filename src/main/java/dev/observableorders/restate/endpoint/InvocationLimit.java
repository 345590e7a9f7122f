package dev.observableorders.restate.endpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the invocations this instance runs at once.
 *
 * <p>
 * SDK 2.4.1 runs every invocation Restate sends on a thread of an unbounded pool, and its
 * durable steps on further threads of the same pool, so a burst (or a Restate server
 * catching up after an outage) would start as many threads and partner calls as there are
 * invocations. A fixed-size pool is no cure: a handler thread blocks while its step runs
 * on another thread of the pool, so a full pool would deadlock. The bound is kept here
 * instead: over it, an invocation is answered 503 at once and Restate retries it after
 * its backoff, on this instance or another replica. Discovery and health are never
 * limited; every other path is, under whatever prefix the deployment was registered
 * ({@link EndpointPaths}).
 */
final class InvocationLimit implements Handler<HttpServerRequest> {

	/**
	 * {@code restate_endpoint_invocations_running}: invocations this instance runs now.
	 */
	static final String RUNNING = "restate.endpoint.invocations.running";

	/** {@code restate_endpoint_invocations_rejected_total}: turned away at the limit. */
	static final String REJECTED = "restate.endpoint.invocations.rejected";

	private final Handler<HttpServerRequest> next;

	private final int limit;

	private final AtomicInteger running = new AtomicInteger();

	private final Counter rejected;

	private final Object idle = new Object();

	private volatile boolean draining;

	InvocationLimit(Handler<HttpServerRequest> next, int limit, MeterRegistry registry) {
		this.next = next;
		this.limit = limit;
		Gauge.builder(RUNNING, this.running, AtomicInteger::get)
			.description("Invocations this instance's Restate endpoint runs now (at most "
					+ "restate.deployment.max-concurrent-invocations)")
			.register(registry);
		this.rejected = Counter.builder(REJECTED)
			.description("Invocations answered 503 because the instance ran its maximum; Restate retries them")
			.register(registry);
	}

	@Override
	public void handle(HttpServerRequest request) {
		if (!EndpointPaths.isInvocation(request.path())) {
			this.next.handle(request);
			return;
		}
		if (this.draining) {
			// stopping: Restate retries it on another replica, or here after the restart
			request.response()
				.setStatusCode(503)
				.putHeader("content-type", "text/plain")
				.end("This instance is stopping; retry later");
			return;
		}
		if (this.running.incrementAndGet() > this.limit) {
			release();
			this.rejected.increment();
			request.response()
				.setStatusCode(503)
				.putHeader("content-type", "text/plain")
				.end("This instance runs its maximum of " + this.limit + " invocations; retry later");
			return;
		}
		// The SDK sets the request's handlers and the response's exception handler, never
		// these two. For HTTP/2 the close handler always runs when the stream ends.
		AtomicBoolean released = new AtomicBoolean();
		Handler<Void> release = (ignored) -> {
			if (released.compareAndSet(false, true)) {
				release();
			}
		};
		request.response().endHandler(release);
		request.response().closeHandler(release);
		this.next.handle(request);
	}

	int running() {
		return this.running.get();
	}

	/** From now on new invocations are answered 503; running ones go on. */
	void drain() {
		this.draining = true;
	}

	/**
	 * Waits until no invocation runs, at most {@code timeout}.
	 * @return whether none runs
	 */
	boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.idle) {
			long left;
			while (this.running.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
				try {
					this.idle.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return this.running.get() == 0;
		}
	}

	private void release() {
		if (this.running.decrementAndGet() == 0 && this.draining) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

}
