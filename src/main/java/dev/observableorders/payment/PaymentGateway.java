package dev.observableorders.payment;

/**
 * Charges a customer for an order. Implementations are called from a durable step: they
 * may run again after a crash or a transient failure, so they must honour
 * {@link PaymentRequest#idempotencyKey()}.
 */
public interface PaymentGateway {

	/**
	 * @return whether the charge was approved; a decline is an answer, not a failure
	 * @throws PaymentUnavailableException when the gateway could not answer; the caller
	 * retries
	 */
	PaymentDecision charge(PaymentRequest request);

}
