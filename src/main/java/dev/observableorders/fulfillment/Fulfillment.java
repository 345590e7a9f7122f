package dev.observableorders.fulfillment;

/**
 * Hands a paid order to the warehouse. Called from a durable step, so it may run again
 * for the same order after a crash: implementations deduplicate by
 * {@link FulfillmentRequest#requestKey()}.
 */
public interface Fulfillment {

	/**
	 * @return the warehouse's id for the shipment
	 * @throws FulfillmentUnavailableException when the warehouse could not take the order
	 * now
	 */
	String fulfil(FulfillmentRequest request);

}
