import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { defineRoute } from '../../api/route.ts'
import { objectId, text } from '../../api/schemas.ts'
import type { Platform } from '../../platform/platform.ts'
import { PRODUCT_CODE_PATTERN } from '../products/product.ts'
import { SCENARIO_CODE_PATTERN } from '../scenarios/scenario.ts'
import { COST_CATEGORIES, fenOf, PERIOD_PATTERN, SHARE_PARTIES, shareProblems } from './ledger.ts'
import { getRevenueShares, ledger, listCosts, listPriceCaps, recordCost, setPriceCap, setRevenueShares } from './ledger.service.ts'

const period = z.string().regex(PERIOD_PATTERN, 'a China calendar month from 2000-01, YYYY-MM')
const productCode = z.string().regex(PRODUCT_CODE_PATTERN, 'a product code like PRD-2026-7K3M9Q')
const scenarioCode = z.string().regex(SCENARIO_CODE_PATTERN, 'a scenario code like SC-FIN-001')

const MAX_COST_YUAN = 10_000_000_000

/** A cost: positive, or a negative correction naming the entry it corrects; at most two decimals. */
export const costSchema = z
  .object({
    productCode,
    period,
    amountYuan: z
      .number()
      .refine((x) => x !== 0 && Math.abs(x) <= MAX_COST_YUAN, `non-zero, at most ${MAX_COST_YUAN} yuan`)
      .refine((x) => fenOf(x) !== undefined, 'at most two decimals (fen)'),
    category: z.enum(COST_CATEGORIES),
    description: text(1000),
    corrects: objectId('cost').optional(),
  })
  .strict()
  .refine((c) => (c.corrects === undefined ? c.amountYuan > 0 : c.amountYuan < 0), {
    message: 'a cost is positive; a correction is negative and names the entry it corrects in corrects',
    path: ['amountYuan'],
  })

/** Revenue shares agreed for a product: each party at most once, each in (0, 1], summing to 1. */
export const revenueSharesSchema = z
  .object({
    fromPeriod: period,
    shares: z
      .array(z.object({ party: z.enum(SHARE_PARTIES), share: z.number().gt(0).lte(1) }).strict())
      .min(1)
      .max(SHARE_PARTIES.length)
      .superRefine((shares, ctx) => {
        for (const message of shareProblems(shares)) ctx.addIssue({ code: 'custom', message })
      }),
    note: text(1000).optional(),
  })
  .strict()

export const priceCapSchema = z
  .object({
    yuanPerCall: z.number().positive().max(100_000),
    note: text(1000),
  })
  .strict()

export function ledgerRoutes(app: FastifyInstance, platform: Platform): void {
  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/scenarios/:code/price-cap',
    summary: 'Set or change the price cap (上限收费标准) of an industrial scenario (the office; art. 6, 26)',
    description:
      'A public-interest scenario is free by rule and takes no cap (422 art06.use-purpose-pricing). The answer lists the products of the scenario priced above the new cap.',
    tags: ['ledger'],
    access: 'signed-in',
    params: z.object({ code: scenarioCode }).strict(),
    body: priceCapSchema,
    handler: ({ params, body }, ctx) => setPriceCap(platform, ctx, params.code, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/price-caps',
    summary: 'The price caps in force, per scenario (everyone signed in: caps are public facts)',
    tags: ['ledger'],
    access: 'signed-in',
    handler: async (_input, ctx) => ({ priceCaps: await listPriceCaps(platform, ctx) }),
  })

  defineRoute(app, platform, {
    method: 'POST',
    url: '/api/v1/ledger/costs',
    summary: 'Book a cost of a product for a month, or correct one (the operator of its agreement; art. 24)',
    description: 'Costs are append-only: a correction is a new entry with a negative amount and `corrects`, the id of the entry it corrects (same product, same month).',
    tags: ['ledger'],
    access: 'signed-in',
    status: 201,
    body: costSchema,
    handler: ({ body }, ctx) => recordCost(platform, ctx, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/ledger/costs',
    summary: 'The cost entries of a product, corrections included (whoever may read its ledger)',
    tags: ['ledger'],
    access: 'signed-in',
    query: z.object({ product: productCode, from: period.optional(), to: period.optional() }).strict(),
    handler: async ({ query }, ctx) => ({ costs: await listCosts(platform, ctx, query.product, query) }),
  })

  defineRoute(app, platform, {
    method: 'PUT',
    url: '/api/v1/products/:code/revenue-shares',
    summary: 'Record the revenue shares agreed for a product from a month on (the operator of its agreement; art. 26)',
    description:
      'Each change is a new version in force from fromPeriod (this month or later); earlier months keep the shares in force for them. Without any, the developer takes the whole revenue.',
    tags: ['ledger'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    body: revenueSharesSchema,
    handler: ({ params, body }, ctx) => setRevenueShares(platform, ctx, params.code, body),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/products/:code/revenue-shares',
    summary: 'The revenue share versions of a product and those in force this month (whoever may read its ledger)',
    tags: ['ledger'],
    access: 'signed-in',
    params: z.object({ code: productCode }).strict(),
    handler: ({ params }, ctx) => getRevenueShares(platform, ctx, params.code),
  })

  defineRoute(app, platform, {
    method: 'GET',
    url: '/api/v1/ledger',
    summary: 'The product ledger per product and month: calls answered, revenue, costs, net and the parties’ shares (art. 24, 26)',
    description:
      'The operator sees the products of its agreements, the office and regulators all, a developer its own. Revenue is the sum of the prices of answered calls, rounded half up to the fen per product and month.',
    tags: ['ledger'],
    access: 'signed-in',
    query: z.object({ from: period, to: period, product: productCode.optional() }).strict(),
    handler: ({ query }, ctx) => ledger(platform, ctx, { from: query.from, to: query.to, productCode: query.product }),
  })
}
