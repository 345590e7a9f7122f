package dev.observableorders.partner;

import dev.observableorders.restate.steps.UnboundedRetry;

/**
 * A partner's answer is unknown: retry under the same idempotency key. When the partner
 * refused our credentials or our address ({@link #accessRefused()}), retrying can only
 * succeed once an operator fixes the configuration, so the step waits for that instead of
 * giving up after its attempts: an order must not fail because a key was rotated.
 */
public class PartnerUnavailableException extends RuntimeException implements UnboundedRetry {

	private final boolean accessRefused;

	protected PartnerUnavailableException(String message, boolean accessRefused) {
		super(message);
		this.accessRefused = accessRefused;
	}

	/** 401, 403, 404 or 407: the request may never have reached the partner's logic. */
	public boolean accessRefused() {
		return this.accessRefused;
	}

	@Override
	public boolean retryWithoutBound() {
		return this.accessRefused;
	}

}
