package dev.observableorders.payment;

/**
 * Charges, refunds and voids. Implementations are called from durable steps: they may run
 * again after a crash or a transient failure, so they must honour the requests'
 * idempotency keys.
 *
 * <p>
 * Every method either returns a definite answer or throws one of two exceptions:
 * {@link PaymentUnavailableException} when the outcome is unknown (no answer, 5xx, 408,
 * 409 "still in progress", 429, our credentials or route refused with 401, 403, 404 or
 * 407: the caller retries with the same key), or {@link PaymentRejectedException} when
 * the gateway refused the request for good (another 4xx with a JSON body, or an answer
 * this client does not understand).
 */
public interface PaymentGateway {

	/** USD is the only currency the service charges in; amounts are exact to the cent. */
	String CURRENCY = "USD";

	/**
	 * @return whether the charge was approved; a decline is an answer, not a failure
	 */
	PaymentDecision charge(PaymentRequest request);

	/**
	 * Gives back an approved charge in full.
	 * @return the gateway's reference of the refund
	 */
	String refund(RefundRequest request);

	/**
	 * Cancels the charge made under {@link VoidRequest#chargeKey()}, if there is one, and
	 * blocks that key for later charges.
	 */
	VoidOutcome voidCharge(VoidRequest request);

}
