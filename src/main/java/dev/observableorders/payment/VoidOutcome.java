package dev.observableorders.payment;

/** The gateway's definite answer to a void. */
public enum VoidOutcome {

	/** A charge existed under the key and no longer stands. */
	VOIDED,

	/** No charge exists under the key; none will be made under it afterwards. */
	NOT_FOUND

}
