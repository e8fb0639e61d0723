import {
  chatRepositoryContract,
  discoveryRepositoryContract,
  eventLogContract,
  hostileValuesContract,
  repositoryContracts,
  socialRepositoryContract,
} from './contracts/index.js';
import { InMemoryEventLog } from './in-memory-realtime.js';
import { createInMemoryPorts } from './in-memory-ports.js';

repositoryContracts('in memory', async () => createInMemoryPorts());
socialRepositoryContract('in memory', async () => createInMemoryPorts());
chatRepositoryContract('in memory', async () => createInMemoryPorts());
discoveryRepositoryContract('in memory', async () => createInMemoryPorts());
eventLogContract('in memory', async () => ({ ...createInMemoryPorts(), eventLog: new InMemoryEventLog() }));
hostileValuesContract('in memory', async () => ({
  ...createInMemoryPorts(),
  eventLog: new InMemoryEventLog(),
}));
