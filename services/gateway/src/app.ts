// Building the gateway application (used by main.ts, tests and the benchmark).
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccessTokenVerifier } from '@sla-desk/auth';
import { corsAllowList, createServiceApp, securityHeaders } from '@sla-desk/subgraph';
import type { GatewayConfig } from './config';
import { GatewayModule, type GatewayModuleOptions } from './gateway.module';

export async function createGatewayApp(config: GatewayConfig, options: GatewayModuleOptions = {}): Promise<NestExpressApplication> {
  const verifier = await AccessTokenVerifier.fromSpki(config.jwtPublicKey);
  return createServiceApp(GatewayModule.forRoot(config, verifier, options), {
    maxBody: config.maxBody,
    trustProxy: config.trustProxy,
    configure: (app) => {
      app.use(securityHeaders({ sandbox: config.landingPage }));
      app.use(corsAllowList(config.corsOrigins));
    },
  });
}
