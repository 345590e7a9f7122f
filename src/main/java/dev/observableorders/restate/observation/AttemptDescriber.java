package dev.observableorders.restate.observation;

/**
 * Implemented by a Restate component that wants its handlers' attempts described in their
 * own words: which key and input fields go on the attempt's span and log lines, and which
 * answers are failures. {@link HandlerObservationPostProcessor} calls it around every
 * attempt; the handlers themselves stay free of telemetry.
 */
public interface AttemptDescriber {

	/**
	 * Called before an attempt runs.
	 * @param handler the handler's Restate name
	 * @param key the virtual object's key (untrusted: the caller chose it)
	 * @param input the handler's input, or null
	 */
	void describeAttempt(HandlerAttempt attempt, String handler, String key, Object input);

	/** Called when an attempt answered (not when it threw). */
	default void describeAnswer(HandlerAttempt attempt, String handler, Object answer) {
	}

}
