package io.metastate.etcd;

/**
 * Every configuration key of the etcd provider. Values come from {@link io.metastate.config.MetaStateConfig} (system
 * properties, environment such as {@code METASTATE_ETCD_ENDPOINTS}, properties file) or from {@link EtcdClients#builder()}.
 */
public final class EtcdKeys {
  /**
   * Required. Comma-separated client URLs, {@code http://host:port} or {@code https://host:port}, e.g.
   * {@code http://10.0.0.1:2379,http://10.0.0.2:2379}.
   */
  public static final String ENDPOINTS = "metastate.etcd.endpoints";
  /**
   * Key prefix for everything this client writes, e.g. {@code apps/billing/}. Default empty, so that
   * {@code etcdctl lock NAME} addresses the same lock as {@code locks().acquire("NAME")}; with a namespace {@code N},
   * the native name is {@code N + NAME}.
   */
  public static final String NAMESPACE = "metastate.etcd.namespace";
  /**
   * TTL of the session's etcd lease (whole seconds, rounded up; etcd may raise it to its minimum). Default
   * {@code metastate.session.ttl}.
   */
  public static final String LEASE_TTL = "metastate.etcd.lease-ttl";
  /** How long opening a client may take before it fails with BackendUnavailableException. Default {@code 5s}. */
  public static final String CONNECT_TIMEOUT = "metastate.etcd.connect-timeout";
  /** Upper bound of one request; past it the outcome is unknown (ConnectionLossException). Default {@code 10s}. */
  public static final String REQUEST_TIMEOUT = "metastate.etcd.request-timeout";
  /** PEM file of the CA that signed the servers' certificates; needs {@code https://} endpoints. */
  public static final String TLS_CA = "metastate.etcd.tls.ca";
  /** PEM file of this client's certificate (mutual TLS); needs {@link #TLS_KEY}. */
  public static final String TLS_CERT = "metastate.etcd.tls.cert";
  /** PEM file of this client's private key (PKCS#8); needs {@link #TLS_CERT}. */
  public static final String TLS_KEY = "metastate.etcd.tls.key";
  /** etcd user name for authentication; needs {@link #PASSWORD}. */
  public static final String USER = "metastate.etcd.user";
  /** Password of {@link #USER}. */
  public static final String PASSWORD = "metastate.etcd.password";

  static final String[] ALL = {ENDPOINTS, NAMESPACE, LEASE_TTL, CONNECT_TIMEOUT, REQUEST_TIMEOUT, TLS_CA, TLS_CERT,
      TLS_KEY, USER, PASSWORD};

  private EtcdKeys() {}
}
