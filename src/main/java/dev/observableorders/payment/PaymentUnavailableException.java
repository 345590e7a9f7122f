package dev.observableorders.payment;

/**
 * The gateway's answer is unknown (timeout, 5xx, 408, 409 "in progress", 429): retry with
 * the same idempotency key, unlike a decline or a refusal.
 */
public class PaymentUnavailableException extends RuntimeException {

	public PaymentUnavailableException(String message) {
		super(message);
	}

}
