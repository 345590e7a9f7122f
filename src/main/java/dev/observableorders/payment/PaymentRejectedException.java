package dev.observableorders.payment;

import dev.restate.sdk.common.TerminalException;

/**
 * The gateway refused the request as malformed or unauthorised: retrying cannot succeed.
 */
public class PaymentRejectedException extends TerminalException {

	public PaymentRejectedException(String message) {
		super(message);
	}

}
