package dev.observableorders.restate.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduled reader of Restate's admin API: each watched query runs on its own
 * interval and its own thread, and its last answer is kept, so health probes and gauges
 * read memory and answer at once however slow or hung Restate's admin API is, and one
 * slow query (each is bounded by {@link RestateAdminApi#QUERY_DEADLINE}) never delays
 * another. Without {@code restate.deployment.admin-url} nothing is polled and every
 * answer is unknown.
 */
public class RestateStatePoller implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RestateStatePoller.class);

	/**
	 * {@code restate_admin_reachable}: 1 while every watched query's last attempt was
	 * answered, 0 otherwise (Restate-derived gauges are then NaN), NaN without an admin
	 * URL. Alert {@code RestateStateUnreadable}.
	 */
	static final String REACHABLE = "restate.admin.reachable";

	/**
	 * Until a watch's first answer, failures within this long of its start are not warned
	 * about.
	 */
	static final Duration STARTING = Duration.ofSeconds(30);

	/** Until a watch's first answer, it is asked again this soon. */
	static final Duration UNTIL_ANSWERED = Duration.ofSeconds(1);

	private final RestateAdminApi admin;

	private final List<Watch> watches = new CopyOnWriteArrayList<>();

	private final List<ScheduledExecutorService> threads = new CopyOnWriteArrayList<>();

	RestateStatePoller(RestateAdminApi admin, MeterRegistry registry) {
		this.admin = admin;
		Gauge.builder(REACHABLE, this, RestateStatePoller::reachable)
			.description("1 while Restate's admin API answers this instance's state queries, 0 when it does not")
			.register(registry);
	}

	/** Whether an admin API is configured at all. */
	public boolean available() {
		return this.admin.available();
	}

	/**
	 * Runs a query every {@code interval} from now on.
	 * @param sql the query, built when it runs (it may depend on what is known only after
	 * start, such as a port); null skips that round
	 */
	public Watch watch(String name, Supplier<String> sql, Duration interval) {
		Watch watch = new Watch(name, sql);
		this.watches.add(watch);
		if (available()) {
			ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread poller = new Thread(task, "restate-poll-" + name.replace(' ', '-'));
				poller.setDaemon(true);
				return poller;
			});
			this.threads.add(thread);
			thread.execute(() -> poll(thread, watch, interval));
		}
		return watch;
	}

	/**
	 * Refreshes, then schedules the next refresh: after {@code interval}, or within a
	 * second while the watch has never been answered, so that its gauges read a real
	 * value soon after start (Restate may start beside this service) rather than an
	 * interval later.
	 */
	private static void poll(ScheduledExecutorService thread, Watch watch, Duration interval) {
		watch.refresh();
		Duration next = (watch.answered || interval.compareTo(UNTIL_ANSWERED) < 0) ? interval : UNTIL_ANSWERED;
		if (!thread.isShutdown()) {
			thread.schedule(() -> poll(thread, watch, interval), next.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** Stops every watch's thread (a query in flight ends at its deadline). */
	@Override
	public void close() {
		this.threads.forEach(ScheduledExecutorService::shutdownNow);
	}

	double reachable() {
		if (!available()) {
			return Double.NaN;
		}
		return this.watches.stream().allMatch((watch) -> watch.latest().isPresent()) ? 1 : 0;
	}

	/** One watched query and its last answer. */
	public final class Watch {

		private final String name;

		private final Supplier<String> sql;

		/**
		 * The first row of the last answer; null when the last attempt failed or none
		 * ran.
		 */
		private volatile Map<String, Long> latest;

		private volatile boolean failing;

		private volatile boolean answered;

		private final long createdAt = System.nanoTime();

		private Watch(String name, Supplier<String> sql) {
			this.name = name;
			this.sql = sql;
		}

		/**
		 * The first row of the last answer (columns as numbers); empty while Restate has
		 * not answered the last attempt, or none was made.
		 */
		public Optional<Map<String, Long>> latest() {
			return Optional.ofNullable(this.latest);
		}

		void refresh() {
			String query = this.sql.get();
			if (query == null) {
				return;
			}
			try {
				this.latest = RestateStatePoller.this.admin.firstRow(query);
				this.answered = true;
				if (this.failing) {
					this.failing = false;
					log.info("Restate answers the {} query again", this.name);
				}
			}
			catch (IOException | RuntimeException ex) {
				// a RuntimeException too: one escaping would end this watch's schedule
				// for good
				this.latest = null;
				if (!this.answered && System.nanoTime() - this.createdAt < STARTING.toNanos()) {
					// Restate may start beside this service (command 1, compose): not a
					// warning yet
					log.debug("Restate's admin API does not answer the {} query yet: {}", this.name, ex.toString());
				}
				else if (!this.failing) {
					this.failing = true;
					log.warn("Cannot read {} from Restate's admin API: {}", this.name, ex.toString());
				}
			}
		}

	}

}
