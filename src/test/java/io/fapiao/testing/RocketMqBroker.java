package io.fapiao.testing;

import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;

import java.nio.file.Path;

/**
 * Apache RocketMQ in this JVM: a name server and one broker (a master, topics created on first use), on free
 * loopback ports, the store under a folder of the test's — what {@code camel-rocketmq}'s {@code namesrvAddr} points
 * at. The broker also binds its listen port - 2 (the "VIP" channel) and + 1 (replication), so the port is chosen
 * with those free too. The commit log is mapped in small files so the store starts quickly.
 */
public final class RocketMqBroker implements AutoCloseable {

    private final NamesrvController namesrv;
    private final BrokerController broker;
    private final int namesrvPort;

    private RocketMqBroker(NamesrvController namesrv, BrokerController broker, int namesrvPort) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.namesrvPort = namesrvPort;
    }

    public static RocketMqBroker start(Path dir) throws Exception {
        String store = dir.toAbsolutePath().resolve("store").toString();
        System.setProperty("rocketmq.home.dir", dir.toAbsolutePath().toString());

        int namesrvPort = FreePorts.next();
        NettyServerConfig namesrvServer = new NettyServerConfig();
        namesrvServer.setBindAddress("127.0.0.1");
        namesrvServer.setListenPort(namesrvPort);
        NamesrvConfig namesrvConfig = new NamesrvConfig();
        namesrvConfig.setKvConfigPath(dir.resolve("namesrv/kvConfig.json").toString());
        namesrvConfig.setConfigStorePath(dir.resolve("namesrv/namesrv.properties").toString());
        NamesrvController namesrv = new NamesrvController(namesrvConfig, namesrvServer, new NettyClientConfig());
        if (!namesrv.initialize()) {
            throw new IllegalStateException("RocketMQ name server did not initialise");
        }
        namesrv.start();

        int brokerPort = brokerPort();
        BrokerConfig brokerConfig = new BrokerConfig();
        brokerConfig.setBrokerName("fapiao-test");
        brokerConfig.setBrokerClusterName("fapiao-test");
        brokerConfig.setBrokerIP1("127.0.0.1");
        brokerConfig.setNamesrvAddr("127.0.0.1:" + namesrvPort);
        brokerConfig.setAutoCreateTopicEnable(true);
        brokerConfig.setAutoCreateSubscriptionGroup(true);
        brokerConfig.setEnablePropertyFilter(true);
        NettyServerConfig brokerServer = new NettyServerConfig();
        brokerServer.setBindAddress("127.0.0.1");
        brokerServer.setListenPort(brokerPort);
        MessageStoreConfig storeConfig = new MessageStoreConfig();
        storeConfig.setStorePathRootDir(store);
        storeConfig.setStorePathCommitLog(store + "/commitlog");
        storeConfig.setHaListenPort(brokerPort + 1);
        storeConfig.setMappedFileSizeCommitLog(16 * 1024 * 1024);
        storeConfig.setMappedFileSizeConsumeQueue(30_000 * 20);
        BrokerController broker = new BrokerController(brokerConfig, brokerServer, new NettyClientConfig(), storeConfig);
        if (!broker.initialize()) {
            namesrv.shutdown();
            throw new IllegalStateException("RocketMQ broker did not initialise");
        }
        broker.start();
        RocketMqBroker started = new RocketMqBroker(namesrv, broker, namesrvPort);
        // the broker registers with the name server in the background; until then no client finds it
        long end = System.currentTimeMillis() + 30_000;
        while (namesrv.getRouteInfoManager().getAllClusterInfo().getBrokerAddrTable().isEmpty()) {
            if (System.currentTimeMillis() > end) {
                started.close();
                throw new IllegalStateException("the RocketMQ broker did not register with its name server");
            }
            Thread.sleep(50);
        }
        return started;
    }

    /** A listen port whose neighbours the broker also binds (- 2 and + 1) are free too. */
    private static int brokerPort() {
        for (int i = 0; i < 50; i++) {
            int p = FreePorts.next();
            if (FreePorts.free(p - 2) && FreePorts.free(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port with free neighbours for the RocketMQ broker");
    }

    /** Creates a topic with one queue and tells the name server, as an operator's {@code mqadmin updateTopic} does. */
    public void createTopic(String topic) {
        broker.getTopicConfigManager().updateTopicConfig(new TopicConfig(topic, 1, 1, PermName.PERM_READ | PermName.PERM_WRITE));
        broker.registerBrokerAll(false, false, true);
        long end = System.currentTimeMillis() + 10_000;
        while (namesrv.getRouteInfoManager().pickupTopicRouteData(topic) == null) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("the name server did not learn topic " + topic);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The name server address, as in camel-rocketmq's {@code namesrvAddr}. */
    public String namesrvAddr() {
        return "127.0.0.1:" + namesrvPort;
    }

    public BrokerController broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.shutdown();
        namesrv.shutdown();
    }
}
