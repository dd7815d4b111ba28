import nock from 'nock';

// Tests never reach the network; a test that starts its own server allows 127.0.0.1 itself.
nock.disableNetConnect();
