package dev.observableorders.payment;

import dev.restate.sdk.common.TerminalException;

/**
 * The gateway refused the request for good (a 4xx with a JSON body, other than those that
 * leave the outcome unknown), or gave an answer this client does not understand: retrying
 * cannot help. The message names the status code and the gateway's request id, never the
 * gateway's own text.
 */
class PaymentRejectedException extends TerminalException {

	public PaymentRejectedException(String message) {
		super(message);
	}

}
