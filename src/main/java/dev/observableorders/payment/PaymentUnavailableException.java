package dev.observableorders.payment;

/** The gateway gave no answer (timeout, 5xx): worth retrying, unlike a decline. */
public class PaymentUnavailableException extends RuntimeException {

	public PaymentUnavailableException(String message) {
		super(message);
	}

}
