package dev.observableorders.payment;

import dev.observableorders.partner.PartnerUnavailableException;

/**
 * The gateway's answer is unknown (timeout, 5xx, 408, 409 "in progress", 429, 401, 403,
 * 404, 407, an answer that is not JSON): retry with the same idempotency key, unlike a
 * decline or a refusal.
 */
public class PaymentUnavailableException extends PartnerUnavailableException {

	public PaymentUnavailableException(String message) {
		this(message, false);
	}

	public PaymentUnavailableException(String message, boolean accessRefused) {
		super(message, accessRefused);
	}

}
