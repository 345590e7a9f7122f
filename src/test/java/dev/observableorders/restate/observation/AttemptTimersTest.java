package dev.observableorders.restate.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link AttemptTimers} stands in for Micrometer's default meter handler for attempts and
 * steps: these fail when it records other meters, tags or counts than the default would.
 */
class AttemptTimersTest {

	@Test
	void attemptsAndStepsGetTheTimersTheDefaultHandlerWouldRecord() {
		MeterRegistry withDefault = new SimpleMeterRegistry();
		MeterRegistry withOurs = new SimpleMeterRegistry();

		observeSomeAttempts(observations(new DefaultMeterObservationHandler(withDefault,
				DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)));
		observeSomeAttempts(observations(new AttemptTimers(withOurs), new DefaultMeterObservationHandler(withOurs,
				DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)));

		assertThat(countsById(withOurs)).isEqualTo(countsById(withDefault))
			.containsEntry("restate.handler.attempt[error=none, restate.target=Orders/Process]", 2L)
			.containsEntry("restate.handler.attempt[error=IllegalStateException, restate.target=Orders/Process]", 1L)
			.containsEntry("restate.handler.step[error=none, restate.step=payment, restate.target=Orders/Process]", 2L)
			.containsEntry("restate.handler.step[error=none, restate.step=shipping, restate.target=Orders/Process]",
					1L);
		assertThat(withOurs.get(HandlerAttempt.ATTEMPT).timer().getId().getDescription())
			.isEqualTo("Restate handler attempts, replays included, by target and error");
	}

	@Test
	void keyValuesAFilterAddsAreOnTheTimersAsWithTheDefaultHandler() {
		MeterRegistry withDefault = new SimpleMeterRegistry();
		MeterRegistry withOurs = new SimpleMeterRegistry();
		ObservationRegistry defaults = observations(new DefaultMeterObservationHandler(withDefault,
				DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
		ObservationRegistry ours = observations(new AttemptTimers(withOurs), new DefaultMeterObservationHandler(
				withOurs, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
		for (ObservationRegistry registry : List.of(defaults, ours)) {
			// what management.observations.key-values configures
			registry.observationConfig()
				.observationFilter((context) -> context.addLowCardinalityKeyValue(KeyValue.of("region", "eu-1")));
		}

		observeSomeAttempts(defaults);
		observeSomeAttempts(ours);

		assertThat(countsById(withOurs)).isEqualTo(countsById(withDefault))
			.containsEntry("restate.handler.attempt[error=none, region=eu-1, restate.target=Orders/Process]", 2L);
	}

	@Test
	void otherObservationsAreLeftToTheDefaultHandler() {
		AttemptTimers timers = new AttemptTimers(new SimpleMeterRegistry());

		assertThat(timers.supportsContext(new AttemptContext("Orders/Process"))).isTrue();
		assertThat(timers.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void aTimerMeasuresFromStartToStopOnTheRegistrysClock() {
		MockClock clock = new MockClock();
		MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		ObservationRegistry observations = observations(new AttemptTimers(registry));
		AttemptContext context = new AttemptContext("Orders/Process");

		Observation attempt = Observation.start(HandlerAttempt.ATTEMPT, () -> context, observations);
		clock.add(Duration.ofMillis(250));
		attempt.stop();

		assertThat(registry.get(HandlerAttempt.ATTEMPT).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@SafeVarargs
	private static ObservationRegistry observations(
			MeterObservationHandler<? extends Observation.Context>... handlers) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(List.of(handlers)));
		return registry;
	}

	private static void observeSomeAttempts(ObservationRegistry registry) {
		for (int i = 0; i < 3; i++) {
			AttemptContext context = new AttemptContext("Orders/Process");
			Observation attempt = Observation.createNotStarted(HandlerAttempt.ATTEMPT, () -> context, registry)
				.lowCardinalityKeyValue("restate.target", "Orders/Process")
				.highCardinalityKeyValue("restate.invocation.id", "inv-" + i)
				.start();
			AttemptContext stepContext = context.forStep();
			Observation.createNotStarted(HandlerAttempt.STEP, () -> stepContext, registry)
				.parentObservation(attempt)
				.lowCardinalityKeyValue("restate.target", "Orders/Process")
				.lowCardinalityKeyValue("restate.step", (i == 2) ? "shipping" : "payment")
				.start()
				.stop();
			if (i == 1) {
				attempt.error(new IllegalStateException("failed"));
			}
			attempt.stop();
		}
		// not ours: the default handler's
		Observation.start("http.client.requests", registry).stop();
	}

	private static Map<String, Long> countsById(MeterRegistry registry) {
		Map<String, Long> counts = new TreeMap<>();
		for (Meter meter : registry.getMeters()) {
			if (meter instanceof Timer timer) {
				counts.put(meter.getId().getName()
						+ meter.getId().getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList(),
						timer.count());
			}
		}
		return counts;
	}

}
