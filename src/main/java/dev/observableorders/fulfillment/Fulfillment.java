package dev.observableorders.fulfillment;

/**
 * Hands a paid order to the warehouse, and cancels a hand-over whose answer never came.
 * Called from durable steps, so either may run again for the same order after a crash:
 * implementations deduplicate by the requests' idempotency keys.
 *
 * <p>
 * Goods follow the money rule: each method returns a definite answer or throws
 * {@link FulfillmentUnavailableException} when the outcome is unknown (no answer, 5xx,
 * 408, 409, 429, our credentials or route refused: the caller retries under the same
 * key). Only {@link #cancel} throws {@link FulfillmentRejectedException}, when the
 * warehouse refuses the cancel for good; a hand-over it refuses is an answer.
 */
public interface Fulfillment {

	/**
	 * @return accepted with the warehouse's shipment id, or refused for good (nothing
	 * ships under the key)
	 * @throws FulfillmentUnavailableException when the outcome is unknown
	 */
	FulfillmentDecision fulfil(FulfillmentRequest request);

	/**
	 * Cancels whatever shipment the warehouse holds under
	 * {@link CancelRequest#handOverKey()}, if there is one, and blocks that key for
	 * hand-overs arriving later.
	 * @return cancelled, not found (nothing ships under the key), or already shipped
	 * @throws FulfillmentUnavailableException when the outcome is unknown
	 * @throws FulfillmentRejectedException when the warehouse refuses the cancel for good
	 */
	CancelOutcome cancel(CancelRequest request);

}
