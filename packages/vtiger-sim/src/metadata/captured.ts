/**
 * The captured responses of a live Vtiger 8.2.0 (copied byte for byte from the shared samples), imported so
 * the package is self-contained. Each file is a whole `webservice.php` envelope.
 */
import describeAccounts from './captured/describe_Accounts.json';
import describeAssets from './captured/describe_Assets.json';
import describeCalendar from './captured/describe_Calendar.json';
import describeCampaigns from './captured/describe_Campaigns.json';
import describeCompanyDetails from './captured/describe_CompanyDetails.json';
import describeContacts from './captured/describe_Contacts.json';
import describeCurrency from './captured/describe_Currency.json';
import describeDocumentFolders from './captured/describe_DocumentFolders.json';
import describeDocuments from './captured/describe_Documents.json';
import describeEmails from './captured/describe_Emails.json';
import describeEvents from './captured/describe_Events.json';
import describeFaq from './captured/describe_Faq.json';
import describeGroups from './captured/describe_Groups.json';
import describeHelpDesk from './captured/describe_HelpDesk.json';
import describeInvoice from './captured/describe_Invoice.json';
import describeLeads from './captured/describe_Leads.json';
import describeLineItem from './captured/describe_LineItem.json';
import describeModComments from './captured/describe_ModComments.json';
import describePBXManager from './captured/describe_PBXManager.json';
import describePotentials from './captured/describe_Potentials.json';
import describePriceBooks from './captured/describe_PriceBooks.json';
import describeProductTaxes from './captured/describe_ProductTaxes.json';
import describeProducts from './captured/describe_Products.json';
import describeProject from './captured/describe_Project.json';
import describeProjectMilestone from './captured/describe_ProjectMilestone.json';
import describeProjectTask from './captured/describe_ProjectTask.json';
import describePurchaseOrder from './captured/describe_PurchaseOrder.json';
import describeQuotes from './captured/describe_Quotes.json';
import describeSMSNotifier from './captured/describe_SMSNotifier.json';
import describeSalesOrder from './captured/describe_SalesOrder.json';
import describeServiceContracts from './captured/describe_ServiceContracts.json';
import describeServices from './captured/describe_Services.json';
import describeTax from './captured/describe_Tax.json';
import describeUsers from './captured/describe_Users.json';
import describeVendors from './captured/describe_Vendors.json';
import listtypes from './captured/listtypes.json';
import relatedtypesContacts from './captured/relatedtypes_Contacts.json';

/** Raw captured envelopes of `describe`, by module name. */
export const CAPTURED_DESCRIBE: Readonly<Record<string, { success: boolean; result: unknown }>> = {
  Accounts: describeAccounts,
  Assets: describeAssets,
  Calendar: describeCalendar,
  Campaigns: describeCampaigns,
  CompanyDetails: describeCompanyDetails,
  Contacts: describeContacts,
  Currency: describeCurrency,
  DocumentFolders: describeDocumentFolders,
  Documents: describeDocuments,
  Emails: describeEmails,
  Events: describeEvents,
  Faq: describeFaq,
  Groups: describeGroups,
  HelpDesk: describeHelpDesk,
  Invoice: describeInvoice,
  Leads: describeLeads,
  LineItem: describeLineItem,
  ModComments: describeModComments,
  PBXManager: describePBXManager,
  Potentials: describePotentials,
  PriceBooks: describePriceBooks,
  ProductTaxes: describeProductTaxes,
  Products: describeProducts,
  Project: describeProject,
  ProjectMilestone: describeProjectMilestone,
  ProjectTask: describeProjectTask,
  PurchaseOrder: describePurchaseOrder,
  Quotes: describeQuotes,
  SMSNotifier: describeSMSNotifier,
  SalesOrder: describeSalesOrder,
  ServiceContracts: describeServiceContracts,
  Services: describeServices,
  Tax: describeTax,
  Users: describeUsers,
  Vendors: describeVendors,
};

/** Raw captured envelope of `listtypes` (no fieldTypeList). */
export const CAPTURED_LISTTYPES: { success: boolean; result: unknown } = listtypes;

/** Raw captured envelope of `relatedtypes` for Contacts. */
export const CAPTURED_RELATEDTYPES_CONTACTS: { success: boolean; result: unknown } = relatedtypesContacts;
