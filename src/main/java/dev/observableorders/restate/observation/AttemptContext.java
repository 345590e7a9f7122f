package dev.observableorders.restate.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The observation context of a handler attempt or of one of its durable steps: besides
 * what Micrometer keeps, the log fields that {@link AttemptLogFields} puts in the MDC
 * while the observation's scope is open. A step shares its attempt's fields: it runs on
 * another thread, where the attempt's MDC is not.
 *
 * <p>
 * It also keeps its key values as they are added, for {@link AttemptSpans} to tag the
 * span with and {@link AttemptTimers} to find the timer by: Micrometer hands them out
 * only as a sorted copy. Every add and remove of {@code Observation.Context} goes through
 * the four methods overridden here ({@code AttemptSpansTest} compares the spans with the
 * default handler's, filters included).
 */
final class AttemptContext extends Observation.Context {

	private final String target;

	private final Map<String, String> logFields;

	/** When the observation started, by the meter registry's monotonic clock. */
	private long startedAt;

	private final Map<String, String> lowCardinality = new ConcurrentHashMap<>(4);

	private final Map<String, String> highCardinality = new ConcurrentHashMap<>(8);

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

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.lowCardinality.put(keyValue.getKey(), keyValue.getValue());
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context addHighCardinalityKeyValue(KeyValue keyValue) {
		this.highCardinality.put(keyValue.getKey(), keyValue.getValue());
		return super.addHighCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		this.lowCardinality.remove(keyName);
		return super.removeLowCardinalityKeyValue(keyName);
	}

	@Override
	public Observation.Context removeHighCardinalityKeyValue(String keyName) {
		this.highCardinality.remove(keyName);
		return super.removeHighCardinalityKeyValue(keyName);
	}

	/** Low-cardinality key values, unsorted, without a copy. */
	Map<String, String> lowCardinality() {
		return this.lowCardinality;
	}

	/** High-cardinality key values, unsorted, without a copy. */
	Map<String, String> highCardinality() {
		return this.highCardinality;
	}

	long startedAt() {
		return this.startedAt;
	}

	void startedAt(long monotonicNanos) {
		this.startedAt = monotonicNanos;
	}

}
