/**
 * The Restate endpoint this service starts itself, because the SDK 2.4.1 starter's own
 * binds every interface, reports UP when its port is taken, verifies nothing unless told,
 * runs unboundedly many invocations and advertises every input as required. Here: a
 * loopback bind unless signed ({@code EndpointSigningTest}, {@code RequestIdentityIT}), a
 * failed bind fails the start ({@code EndpointPortTakenTest}), a bound on invocations and
 * a graceful stop ({@code InvocationLimitIT}, {@code GracefulStopIT}) that classify paths
 * as the SDK routes them ({@code EndpointPathsTest}, which fails when that routing
 * changes), and optional input ({@code SeedContractIT}, a bare POST to GetStatus).
 */
package dev.observableorders.restate.endpoint;
