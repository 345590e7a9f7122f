package dev.observableorders.fulfillment;

import dev.restate.sdk.common.TerminalException;

/**
 * The warehouse refused the request for good (a 4xx with a JSON body, other than those
 * that leave the outcome unknown), or gave an answer this client does not understand:
 * retrying cannot help. The message names the status code and the warehouse's request id,
 * never the warehouse's own text.
 */
class FulfillmentRejectedException extends TerminalException {

	public FulfillmentRejectedException(String message) {
		super(message);
	}

}
