package dev.observableorders.restate.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;

/**
 * The timers of handler attempts and steps ({@code restate.handler.attempt},
 * {@code restate.handler.step}): the same meters, tags and values as Micrometer's
 * {@link DefaultMeterObservationHandler}, which still times every other observation, with
 * a description, and each timer looked up once and kept. The default handler copies and
 * sorts the context's key values into tags and looks the timer up in the registry at
 * every stop, three times an order (about 5% of the handler threads' samples,
 * docs/benchmark-analysis.md, Finding 11).
 *
 * <p>
 * The cache is keyed on what varies here: the name, the two key values these observations
 * set ({@code restate.target}, {@code restate.step}) and the error, read from the key
 * values {@link AttemptContext} keeps, without a copy. A timer is registered with all of
 * the context's low-cardinality key values at its first stop, so key values an
 * {@code ObservationFilter} adds, such as {@code management.observations.key-values}, are
 * on it; a filter adding key values that vary per observation would need a wider key.
 *
 * <p>
 * Ordered first, so that Boot's first-matching group of meter handlers gives it the
 * attempts' and steps' contexts and the default handler the rest. Only timers: the long
 * task timers the default would add are switched off for all observations
 * ({@code management.metrics.observations.ignored-meters}), and these observations send
 * no events.
 */
class AttemptTimers implements MeterObservationHandler<AttemptContext>, Ordered {

	private static final Map<String, String> DESCRIPTIONS = Map.of(HandlerAttempt.ATTEMPT,
			"Restate handler attempts, replays included, by target and error", HandlerAttempt.STEP,
			"Durable steps that ran (replayed ones are not timed), by step and error");

	private final MeterRegistry registry;

	/** By name, target, step and error: bounded as the registry's meters are. */
	private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

	AttemptTimers(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStart(AttemptContext context) {
		context.startedAt(this.registry.config().clock().monotonicTime());
	}

	@Override
	public void onStop(AttemptContext context) {
		long duration = this.registry.config().clock().monotonicTime() - context.startedAt();
		Throwable error = context.getError();
		Map<String, String> keyValues = context.lowCardinality();
		TimerKey key = new TimerKey(context.getName(), keyValues.getOrDefault(HandlerAttempt.TARGET_KEY, ""),
				keyValues.getOrDefault(HandlerAttempt.STEP_KEY, ""),
				(error != null) ? error.getClass().getSimpleName() : "none");
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key,
					(absent) -> register(absent, context.getLowCardinalityKeyValues()));
		}
		timer.record(duration, TimeUnit.NANOSECONDS);
	}

	private Timer register(TimerKey key, KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		tags.add(Tag.of("error", key.error()));
		return Timer.builder(key.name()).description(DESCRIPTIONS.get(key.name())).tags(tags).register(this.registry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptContext;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * A class rather than a record: a record's {@code hashCode} and {@code equals} go
	 * through method handles, which the profile showed at every stop.
	 */
	private static final class TimerKey {

		private final String name;

		private final String target;

		private final String step;

		private final String error;

		private final int hash;

		TimerKey(String name, String target, String step, String error) {
			this.name = name;
			this.target = target;
			this.step = step;
			this.error = error;
			this.hash = ((name.hashCode() * 31 + target.hashCode()) * 31 + step.hashCode()) * 31 + error.hashCode();
		}

		String name() {
			return this.name;
		}

		String error() {
			return this.error;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof TimerKey key && this.hash == key.hash && this.name.equals(key.name)
					&& this.target.equals(key.target) && this.step.equals(key.step) && this.error.equals(key.error);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
