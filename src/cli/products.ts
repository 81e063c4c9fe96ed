import { Command, Option } from 'commander'
import { getModel, listModels, trainInWorkspace, type ModelView } from '../modules/products/model.service.ts'
import { declareProduct, getProduct, listProducts, REVIEW_DECISIONS, reviewProduct, submitProduct, type Product, type ReviewDecision } from '../modules/products/product.service.ts'
import { productSchema, trainSchema } from '../modules/products/product.routes.ts'
import { PRODUCT_STATUSES, type ProductStatus } from '../modules/products/product.ts'
import { registrationApplicationSchema } from '../modules/registration/registration.routes.ts'
import {
  applyForRegistration,
  decideAcceptance,
  getRegistration,
  issueRegistration,
  listRegistrations,
  reviewRegistration,
  type Registration,
} from '../modules/registration/registration.service.ts'
import { act, acting, readInput, text, type Acting } from './authorizations.ts'

/**
 * Products from the command line, acting as a user like the API: train a model in a workspace,
 * declare and submit a product, review it (the operator's reviewers), register it (the bureau).
 */

const fileOption = () => new Option('--file <json>', 'the input as a JSON file (the API request body)').makeOptionMandatory()

function modelLines(m: ModelView): string[] {
  return [
    `model ${m.id} ${m.name} (${m.kind}) in ${m.workspaceId}: ${m.trainedOn.rows} rows, metrics ${JSON.stringify(m.metrics)}`,
    `  ${m.release.releasable ? 'may leave the domain' : 'served inside the domain only'}: ${m.release.findings.map((f) => `${f.check} ${f.status}`).join(', ')}`,
  ]
}

function productLine(p: Product): string {
  return `${p.code} ${p.kind} ${p.status}${p.registrationCode ? ` ${p.registrationCode}` : ''}: ${p.name} (${p.workspaceId}, grade ${p.dataGrade})`
}

export function modelsCommand(): Command {
  const models = new Command('models').description('models trained inside the domain (算法建模, art. 19, 21)')
  acting(models, 'train', 'train a model on the rows a SELECT names; its parameters leave only if the release checks pass')
    .requiredOption('--workspace <id>', 'the workspace')
    .addOption(fileOption())
    .action(async function (this: Command, o: Acting & { workspace: string; file: string }) {
      const input = readInput(o.file, trainSchema)
      await act(this, o, (platform, ctx) => trainInWorkspace(platform, ctx, o.workspace, input), modelLines)
    })
  acting(models, 'list', 'the workspace\'s models')
    .requiredOption('--workspace <id>', 'the workspace')
    .action(async function (this: Command, o: Acting & { workspace: string }) {
      await act(this, o, (platform, ctx) => listModels(platform, ctx, o.workspace), (list) => list.flatMap(modelLines))
    })
  acting(models, 'show', 'one model')
    .argument('<id>', 'the model id')
    .action(async function (this: Command, id: string, o: Acting) {
      await act(this, o, (platform, ctx) => getModel(platform, ctx, id), modelLines)
    })
  return models
}

export function productsCommand(): Command {
  const products = new Command('products').description('data products: declare, submit, review (art. 3, 25)')
  acting(products, 'declare', 'declare a product built in a workspace')
    .requiredOption('--workspace <id>', 'the workspace')
    .addOption(fileOption())
    .action(async function (this: Command, o: Acting & { workspace: string; file: string }) {
      const input = readInput(o.file, productSchema)
      await act(this, o, (platform, ctx) => declareProduct(platform, ctx, o.workspace, input), productLine)
    })
  acting(products, 'list', 'the products you may see')
    .addOption(new Option('--status <status>', 'only these').choices(PRODUCT_STATUSES))
    .action(async function (this: Command, o: Acting & { status?: ProductStatus }) {
      await act(this, o, (platform, ctx) => listProducts(platform, ctx, { status: o.status }), (list) => list.map(productLine))
    })
  acting(products, 'show', 'one product')
    .argument('<code>', 'the product code')
    .action(async function (this: Command, code: string, o: Acting) {
      await act(this, o, (platform, ctx) => getProduct(platform, ctx, code), (p) => [productLine(p), ...(p.checks ?? []).map((c) => `  ${c.status} ${c.check}: ${c.detail}`)])
    })
  acting(products, 'submit', 'submit for review: the automatic checks run first')
    .argument('<code>', 'the product code')
    .action(async function (this: Command, code: string, o: Acting) {
      await act(this, o, (platform, ctx) => submitProduct(platform, ctx, code), (p) => [productLine(p), ...(p.checks ?? []).map((c) => `  ${c.status} ${c.check}: ${c.detail}`)])
    })
  acting(products, 'review', 'decide as a reviewer of the operator')
    .argument('<code>', 'the product code')
    .addOption(new Option('--decision <decision>').choices(REVIEW_DECISIONS).makeOptionMandatory())
    .requiredOption('--reasons <text>', 'why', text(4000))
    .action(async function (this: Command, code: string, o: Acting & { decision: ReviewDecision; reasons: string }) {
      await act(this, o, (platform, ctx) => reviewProduct(platform, ctx, code, { decision: o.decision, reasons: o.reasons }), productLine)
    })
  return products
}

export function registrationsCommand(): Command {
  const registrations = new Command('registrations').description('registration of products and resources (登记, art. 22)')
  const say = (r: Registration) => `${r.id} ${r.kind} ${r.subject.type} ${r.subject.code} ${r.status}${r.noticeEndsOn && r.status === 'notice' ? ` (notice until ${r.noticeEndsOn})` : ''}${r.registrationCode ? ` ${r.registrationCode}` : ''}`
  acting(registrations, 'apply', 'apply for a registration')
    .addOption(fileOption())
    .action(async function (this: Command, o: Acting & { file: string }) {
      const input = readInput(o.file, registrationApplicationSchema)
      await act(this, o, (platform, ctx) => applyForRegistration(platform, ctx, input), say)
    })
  acting(registrations, 'list', 'the registrations you may see')
    .action(async function (this: Command, o: Acting) {
      await act(this, o, (platform, ctx) => listRegistrations(platform, ctx, {}), (list) => list.map(say))
    })
  acting(registrations, 'show', 'one registration')
    .argument('<id>', 'the registration id')
    .action(async function (this: Command, id: string, o: Acting) {
      await act(this, o, (platform, ctx) => getRegistration(platform, ctx, id), say)
    })
  acting(registrations, 'accept', 'accept an application (the bureau)')
    .argument('<id>', 'the registration id')
    .requiredOption('--note <text>', 'a note', text(2000))
    .action(async function (this: Command, id: string, o: Acting & { note: string }) {
      await act(this, o, (platform, ctx) => decideAcceptance(platform, ctx, id, { decision: 'accept', note: o.note }), say)
    })
  acting(registrations, 'approve', 'pass the formal review: the public notice starts (the bureau)')
    .argument('<id>', 'the registration id')
    .requiredOption('--note <text>', 'a note', text(2000))
    .action(async function (this: Command, id: string, o: Acting & { note: string }) {
      await act(this, o, (platform, ctx) => reviewRegistration(platform, ctx, id, { decision: 'approve', note: o.note }), say)
    })
  acting(registrations, 'issue', 'issue the registration code once the notice has ended (the bureau)')
    .argument('<id>', 'the registration id')
    .action(async function (this: Command, id: string, o: Acting) {
      await act(this, o, (platform, ctx) => issueRegistration(platform, ctx, id), say)
    })
  return registrations
}
