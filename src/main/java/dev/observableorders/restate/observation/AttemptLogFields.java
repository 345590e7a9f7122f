package dev.observableorders.restate.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.slf4j.MDC;

/**
 * Log correlation for handler attempts and steps: the attempt's log fields (e.g. the
 * order id) are in the MDC while an attempt's or a step's scope is open, on the thread
 * that opened it. One put per field per scope, not per line.
 */
class AttemptLogFields implements ObservationHandler<AttemptContext> {

	@Override
	public void onScopeOpened(AttemptContext context) {
		context.logFields().forEach(MDC::put);
	}

	@Override
	public void onScopeClosed(AttemptContext context) {
		context.logFields().keySet().forEach(MDC::remove);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptContext;
	}

}
