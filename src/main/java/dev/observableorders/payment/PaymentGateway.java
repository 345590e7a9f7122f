package dev.observableorders.payment;

/**
 * Charges and refunds customers. Implementations are called from durable steps: they may
 * run again after a crash or a transient failure, so they must honour the requests'
 * idempotency keys.
 */
public interface PaymentGateway {

	/**
	 * @return whether the charge was approved; a decline is an answer, not a failure
	 * @throws PaymentUnavailableException when the gateway could not answer; the caller
	 * retries
	 * @throws PaymentRejectedException when the gateway refused the request itself;
	 * retrying cannot help
	 */
	PaymentDecision charge(PaymentRequest request);

	/**
	 * Gives back an approved charge in full.
	 * @return the gateway's reference of the refund
	 * @throws PaymentUnavailableException when the gateway could not answer; the caller
	 * retries
	 */
	String refund(RefundRequest request);

}
