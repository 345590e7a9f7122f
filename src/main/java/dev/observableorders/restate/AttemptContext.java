package dev.observableorders.restate;

import io.micrometer.observation.Observation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observation context of a handler attempt or of one of its durable steps: besides
 * what Micrometer keeps, the log fields that {@link InvocationLogFields} puts in the MDC
 * while the observation's scope is open. A step shares its attempt's fields: it runs on
 * another thread, where the attempt's MDC is not.
 */
final class AttemptContext extends Observation.Context {

	private final String target;

	private final Map<String, String> logFields;

	/** When the observation started, by the meter registry's monotonic clock. */
	private long startedAt;

	AttemptContext(String target) {
		this(target, new LinkedHashMap<>());
	}

	private AttemptContext(String target, Map<String, String> logFields) {
		this.target = target;
		this.logFields = logFields;
	}

	/** A step's context: the attempt's log fields, read when the step's scope opens. */
	AttemptContext forStep() {
		return new AttemptContext(this.target, this.logFields);
	}

	String target() {
		return this.target;
	}

	Map<String, String> logFields() {
		return this.logFields;
	}

	long startedAt() {
		return this.startedAt;
	}

	void startedAt(long monotonicNanos) {
		this.startedAt = monotonicNanos;
	}

}
