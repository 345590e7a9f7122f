package dev.observableorders.restate.steps;

/**
 * A failure of a durable step that asks to be retried beyond the step's attempts, at the
 * step's pace, because only a person can end it (a rotated credential, a wrong address):
 * giving up would turn a configuration mistake into a failed order. See
 * {@link DurableSteps#run}.
 */
public interface UnboundedRetry {

	boolean retryWithoutBound();

}
