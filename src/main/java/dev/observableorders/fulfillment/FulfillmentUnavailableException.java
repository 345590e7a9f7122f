package dev.observableorders.fulfillment;

import dev.observableorders.partner.PartnerUnavailableException;

/**
 * The warehouse's answer is unknown (no answer, 5xx, 408, 409, 429, 401, 403, 404, 407,
 * an answer that is not JSON): retry under the same idempotency key, unlike a refusal.
 */
public class FulfillmentUnavailableException extends PartnerUnavailableException {

	public FulfillmentUnavailableException(String message) {
		this(message, false);
	}

	public FulfillmentUnavailableException(String message, boolean accessRefused) {
		super(message, accessRefused);
	}

}
