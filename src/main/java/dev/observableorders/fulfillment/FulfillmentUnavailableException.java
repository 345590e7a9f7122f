package dev.observableorders.fulfillment;

/** The warehouse could not take the order now: worth retrying. */
public class FulfillmentUnavailableException extends RuntimeException {

	public FulfillmentUnavailableException(String message) {
		super(message);
	}

}
