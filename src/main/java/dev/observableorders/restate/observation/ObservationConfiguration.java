package dev.observableorders.restate.observation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One observation per handler attempt and step, and what handles them: spans, timers, log
 * fields.
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

	/** Static: a bean post-processor, created before the other beans of this class. */
	@Bean
	static HandlerObservationPostProcessor restateHandlerObservationPostProcessor(
			ObjectProvider<ObservationRegistry> observations) {
		return new HandlerObservationPostProcessor(observations);
	}

	@Bean
	AttemptLogFields restateAttemptLogFields() {
		return new AttemptLogFields();
	}

	@Bean
	AttemptTimers restateAttemptTimers(MeterRegistry registry) {
		return new AttemptTimers(registry);
	}

	/**
	 * With tracing off, Boot's tracer is the no-op one; a slice without tracing gets it
	 * too.
	 */
	@Bean
	AttemptSpans restateAttemptSpans(ObjectProvider<Tracer> tracer) {
		return new AttemptSpans(tracer.getIfAvailable(() -> Tracer.NOOP));
	}

}
