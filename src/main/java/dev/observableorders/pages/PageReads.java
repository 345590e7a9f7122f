package dev.observableorders.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * What the pages read from Restate and Prometheus, shared and bounded: an order's facts
 * (four SQL queries) and the front page are read at most once per
 * {@code orders.pages.cache-for} however many views ask at once, and at most
 * {@code orders.pages.max-concurrent-reads} reads run at a time. A burst of page views (a
 * refresh storm, a script looping over ids) therefore costs Restate a bounded load, and
 * the views beyond it wait their turn or are answered 503.
 */
@Component
class PageReads {

	/** Cached reads kept at most; beyond it, expired ones are dropped first. */
	private static final int MAX_CACHED = 1_000;

	/** How long a view waits for a free read before it is answered 503. */
	private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);

	private static final String OVERVIEW = "";

	private final OrderFactsReader facts;

	private final OrdersOverviewReader overview;

	private final long cacheNanos;

	private final Semaphore reads;

	private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();

	PageReads(OrderFactsReader facts, OrdersOverviewReader overview, PagesProperties properties) {
		this.facts = facts;
		this.overview = overview;
		this.cacheNanos = properties.cacheFor().toNanos();
		this.reads = new Semaphore(properties.maxConcurrentReads());
	}

	OrderFacts facts(String orderId) throws IOException {
		try {
			return read("order:" + orderId, () -> {
				try {
					return this.facts.read(orderId);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	OrdersOverview overview() {
		return read(OVERVIEW, this.overview::read);
	}

	@SuppressWarnings("unchecked")
	private <T> T read(String key, Supplier<T> reader) {
		long now = System.nanoTime();
		Cached<?> cached = this.cache.compute(key,
				(ignored, current) -> (current != null && current.freshAt(now, this.cacheNanos)) ? current
						: new Cached<>(now, new CompletableFuture<>()));
		CompletableFuture<T> answer = (CompletableFuture<T>) cached.answer();
		if (cached.claim()) {
			// this view reads; views asking meanwhile wait for its answer
			try {
				answer.complete(bounded(reader));
			}
			catch (RuntimeException ex) {
				// a failed read is not kept: the next view tries again
				this.cache.remove(key, cached);
				answer.completeExceptionally(ex);
			}
			trim(now);
		}
		try {
			return answer.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	private <T> T bounded(Supplier<T> reader) {
		boolean acquired;
		try {
			acquired = this.reads.tryAcquire(QUEUE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PagesBusyException();
		}
		if (!acquired) {
			throw new PagesBusyException();
		}
		try {
			return reader.get();
		}
		finally {
			this.reads.release();
		}
	}

	private void trim(long now) {
		if (this.cache.size() > MAX_CACHED) {
			this.cache.entrySet().removeIf((entry) -> !entry.getValue().freshAt(now, this.cacheNanos));
			if (this.cache.size() > MAX_CACHED) {
				this.cache.clear();
			}
		}
	}

	/** Every read is taken: the view is answered 503 with Retry-After. */
	static final class PagesBusyException extends RuntimeException {

		PagesBusyException() {
			super("The order pages are busy: retry in a second", null, false, false);
		}

	}

	private static final class Cached<T> {

		private final long readAt;

		private final CompletableFuture<T> answer;

		private final AtomicBoolean claimed = new AtomicBoolean();

		Cached(long readAt, CompletableFuture<T> answer) {
			this.readAt = readAt;
			this.answer = answer;
		}

		CompletableFuture<T> answer() {
			return this.answer;
		}

		/** True for the one view that reads it. */
		boolean claim() {
			return this.claimed.compareAndSet(false, true);
		}

		boolean freshAt(long now, long cacheNanos) {
			return now - this.readAt < cacheNanos;
		}

	}

}
